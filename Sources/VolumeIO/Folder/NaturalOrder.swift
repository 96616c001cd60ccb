/// Orders file names the way people number slices: digit runs compare by value,
/// so `im2.tif` comes before `im10.tif`; other text compares case-insensitively.
/// Ties (`im7` vs `im007`) fall back to plain string order, so the order is total.
enum NaturalOrder {
    static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        precedes((a, chunks(a)), (b, chunks(b)))
    }

    /// `names` in natural order, each name split into chunks once (not once per
    /// comparison: a 2000-slice folder makes some 20 000 comparisons).
    static func sorted(_ names: [String]) -> [String] {
        names.map { ($0, chunks($0)) }.sorted(by: precedes).map(\.0)
    }

    private static func precedes(_ a: (name: String, chunks: [Chunk]), _ b: (name: String, chunks: [Chunk])) -> Bool {
        let left = a.chunks, right = b.chunks
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
        return a.name < b.name
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
