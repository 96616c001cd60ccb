import Foundation

/// The flat key/value view of an INI-like scanner file (Nikon `.xtekct`, Waygate
/// `.pcr`): `key=value` lines, `[section]` headers and `;`/`#` comments ignored.
/// Keys are case-insensitive; the first occurrence wins. Latin-1 is accepted
/// because some scanner software writes it.
public struct INIFile: Sendable {
    private var values: [String: String] = [:]
    private var originals: [String: String] = [:]

    public init(contentsOf url: URL) throws {
        self.init(data: try Data(contentsOf: url))
    }

    /// The file's bytes, UTF-8 or else Latin-1.
    public init(data: Data) {
        self.init(text: String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? "")
    }

    public init(text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") || line.hasPrefix("[") { continue }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let folded = key.lowercased()
            if values[folded] == nil {
                values[folded] = value
                originals[folded] = key
            }
        }
    }

    public func value(forKey key: String) -> String? { values[key.lowercased()] }
    public func originalKey(_ key: String) -> String? { originals[key.lowercased()] }
}
