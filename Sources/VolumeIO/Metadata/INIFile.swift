import Foundation

/// The key/value view of an INI-like scanner file (Nikon `.xtekct`, Waygate
/// `.pcr`, Volume Graphics `.vgi`): `key=value` lines, `;`/`#` comments ignored.
/// Keys are case-insensitive; the first occurrence wins. Latin-1 is accepted
/// because some scanner software writes it.
///
/// `value(forKey:)` ignores `[section]` headers (the flat view the sidecar readers
/// use); `value(forKey:inSection:)` looks in one section only, for files such as
/// `.vgi` whose sections repeat key names.
public struct INIFile: Sendable {
    private var values: [String: String] = [:]
    private var originals: [String: String] = [:]
    /// Lower-cased section name → lower-cased key → value (first occurrence).
    private var sections: [String: [String: String]] = [:]

    public init(contentsOf url: URL) throws {
        self.init(data: try Data(contentsOf: url))
    }

    /// The file's bytes, UTF-8 or else Latin-1.
    public init(data: Data) {
        self.init(text: String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? "")
    }

    public init(text: String) {
        var section = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                if let close = line.firstIndex(of: "]") {
                    section = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces).lowercased()
                }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let folded = key.lowercased()
            if values[folded] == nil {
                values[folded] = value
                originals[folded] = key
            }
            if sections[section, default: [:]][folded] == nil { sections[section, default: [:]][folded] = value }
        }
    }

    public func value(forKey key: String) -> String? { values[key.lowercased()] }
    /// `key` in `[section]` only (both case-insensitive); "" is the part before any section.
    public func value(forKey key: String, inSection section: String) -> String? {
        sections[section.lowercased()]?[key.lowercased()]
    }
    public func hasSection(_ section: String) -> Bool { sections[section.lowercased()] != nil }
    public func originalKey(_ key: String) -> String? { originals[key.lowercased()] }
}
