/// One problem in a configuration file, located by file and line, with the key
/// and what to do. `description` reads `FILE:LINE: message`, like a compiler.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case syntax, unknownKey, unknownMetric, wrongType, invalidValue, missingKey, missingFolder, unreadable
    }

    public var kind: Kind
    public var file: String
    /// 1-based; 0 when the problem is the file as a whole.
    public var line: Int
    /// Dotted path of the key concerned (`folders.export`, `can.outer_diameter_mm.lower`).
    public var key: String?
    public var message: String

    public init(kind: Kind, file: String, line: Int, key: String?, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Every problem found in one load, so a person fixes them all in one go.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
