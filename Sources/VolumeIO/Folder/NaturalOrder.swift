/// Orders file names the way people number slices: digit runs compare by value,
/// so `im2.tif` comes before `im10.tif`; other text compares case-insensitively.
/// Ties (`im7` vs `im007`) fall back to plain string order, so the order is total.
enum NaturalOrder {
    static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        let left = chunks(a), right = chunks(b)
        for (l, r) in zip(left, right) where l != r {
            switch (l, r) {
            case (.number(let x, _), .number(let y, _)):
                if x != y { return x < y }
            case (.text(let x), .text(let y)):
                if x.lowercased() != y.lowercased() { return x.lowercased() < y.lowercased() }
            case (.number, .text):
                return true
            case (.text, .number):
                return false
            }
        }
        if left.count != right.count { return left.count < right.count }
        return a < b
    }

    enum Chunk: Equatable {
        /// Value and the digits as written (leading zeros kept).
        case number(UInt64, String)
        case text(String)
    }

    /// Splits into alternating text and digit runs; a digit run too long for
    /// UInt64 saturates (only its ordering among equals then falls back to text).
    static func chunks(_ name: String) -> [Chunk] {
        var result: [Chunk] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            result.append(inDigits ? .number(UInt64(current) ?? .max, current) : .text(current))
            current = ""
        }
        for character in name {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != inDigits { flush(); inDigits = isDigit }
            current.append(character)
        }
        flush()
        return result
    }
}
