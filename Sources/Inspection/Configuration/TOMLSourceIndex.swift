/// Where each key of a TOML document is written: TOMLKit does not report lines
/// for keys, so this scans the source text itself.
///
/// Understands `[table]` and `[[array]]` headers, dotted and quoted keys
/// (`a."b.c" = 1` is the path a, b.c), inline tables on one line, `#` comments,
/// and skips multi-line strings. Paths are joined with `.`, so
/// `[can.outer_diameter_mm]` and `"can.outer_diameter_mm" = {…}` both give
/// `can.outer_diameter_mm`.
struct TOMLSourceIndex {
    private(set) var lines: [String: Int] = [:]

    init(source: String) {
        var table: [String] = []
        var inMultilineString: String?
        for (offset, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            var line = String(rawLine)
            if let delimiter = inMultilineString {
                if line.contains(delimiter) { inMultilineString = nil }
                continue
            }
            line = Self.stripComment(line).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                let inner = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                table = Self.keyPath(inner)
                record(table, lineNumber)
                continue
            }
            guard let equals = Self.firstUnquoted("=", in: line) else { continue }
            let keyPath = table + Self.keyPath(String(line[..<equals]))
            record(keyPath, lineNumber)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("{") {
                recordInlineTable(value, under: keyPath, line: lineNumber)
            }
            for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                if value.dropFirst(3).range(of: delimiter) == nil { inMultilineString = delimiter }
            }
        }
    }

    /// The line of `path`, or of its nearest enclosing table that is written down.
    func line(for path: [String]) -> Int {
        var path = path
        while !path.isEmpty {
            if let line = lines[path.joined(separator: ".")] { return line }
            path.removeLast()
        }
        return 0
    }

    private mutating func record(_ path: [String], _ line: Int) {
        let key = path.joined(separator: ".")
        if lines[key] == nil { lines[key] = line }
    }

    private mutating func recordInlineTable(_ value: String, under path: [String], line: Int) {
        let body = value.trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
        for part in body.split(separator: ",") {
            guard let equals = Self.firstUnquoted("=", in: String(part)) else { continue }
            let text = String(part)
            record(path + Self.keyPath(String(text[..<equals])), line)
        }
    }

    /// Splits `a . "b.c" . d` into [a, b.c, d].
    static func keyPath(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts.filter { !$0.isEmpty }
    }

    static func firstUnquoted(_ target: Character, in text: String) -> String.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == target {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    static func stripComment(_ line: String) -> String {
        guard let hash = firstUnquoted("#", in: line) else { return line }
        return String(line[..<hash])
    }
}

import Foundation
