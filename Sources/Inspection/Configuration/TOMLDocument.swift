import Foundation
import TOMLKit

/// A parsed TOML file plus the bookkeeping for clear errors: every typed read
/// checks the type itself (TOMLKit reports a wrong type as a missing key) and
/// records a `ConfigError` with file, line and key instead of throwing, so one
/// load reports every problem.
final class TOMLDocument {
    let file: String
    let source: String
    let index: TOMLSourceIndex
    let root: TOMLTable
    private(set) var errors: [ConfigError] = []

    /// Reads and parses `path`; a syntax error is thrown with its line.
    init(path: String) throws(ConfigErrors) {
        file = path
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([ConfigError(kind: .unreadable, file: path, line: 0, key: nil,
                                            message: "cannot read the file: \(error.localizedDescription)")])
        }
        (source, index, root) = try Self.parse(text, file: path)
    }

    /// Parses `text` as if read from `name` (the name errors carry), e.g. an embedded default.
    init(text: String, name: String) throws(ConfigErrors) {
        file = name
        (source, index, root) = try Self.parse(text, file: name)
    }

    private static func parse(_ text: String, file: String) throws(ConfigErrors) -> (String, TOMLSourceIndex, TOMLTable) {
        do {
            return (text, TOMLSourceIndex(source: text), try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw ConfigErrors([ConfigError(kind: .syntax, file: file, line: error.source.begin.line, key: nil,
                                            message: "TOML syntax: \(error.description) (column \(error.source.begin.column))")])
        } catch {
            throw ConfigErrors([ConfigError(kind: .syntax, file: file, line: 0, key: nil, message: "TOML syntax: \(error)")])
        }
    }

    var rootSection: TOMLSection { TOMLSection(document: self, table: root, path: []) }

    func report(_ kind: ConfigError.Kind, _ path: [String], _ message: String) {
        errors.append(ConfigError(kind: kind, file: file, line: index.line(for: path), key: path.joined(separator: "."), message: message))
    }
}

/// One table of a `TOMLDocument`, with typed, validating accessors.
struct TOMLSection {
    let document: TOMLDocument
    let table: TOMLTable
    let path: [String]

    var keys: [String] { table.keys.sorted() }

    func has(_ key: String) -> Bool { table.contains(key: key) }

    func value(_ key: String) -> TOMLValueConvertible? { table[key] }

    func keyText(_ key: String) -> String { "`\((path + [key]).joined(separator: "."))`" }

    func wrongType(_ key: String, expected: String, got: TOMLValueConvertible) {
        document.report(.wrongType, path + [key], "\(keyText(key)) must be \(expected), found \(Self.describe(got))")
    }

    static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "a string \(value.debugDescription)"
        case .int: return "an integer \(value.debugDescription)"
        case .double: return "a number \(value.debugDescription)"
        case .bool: return "a boolean \(value.debugDescription)"
        case .table: return "a table"
        case .array: return "an array"
        default: return "a \(value.type.rawValue)"
        }
    }

    func string(_ key: String) -> String? {
        guard let raw = value(key) else { return nil }
        guard raw.type == .string, let text = raw.string else { wrongType(key, expected: "a string", got: raw); return nil }
        return text
    }

    /// A number; TOML integers are accepted (`lower = 0`).
    func double(_ key: String) -> Double? {
        guard let raw = value(key) else { return nil }
        switch raw.type {
        case .double: return raw.double
        case .int: return raw.int.map(Double.init)
        default: wrongType(key, expected: "a number", got: raw); return nil
        }
    }

    func int(_ key: String) -> Int? {
        guard let raw = value(key) else { return nil }
        guard raw.type == .int, let number = raw.int else { wrongType(key, expected: "an integer", got: raw); return nil }
        return number
    }

    func bool(_ key: String) -> Bool? {
        guard let raw = value(key) else { return nil }
        guard raw.type == .bool, let flag = raw.bool else { wrongType(key, expected: "true or false", got: raw); return nil }
        return flag
    }

    func section(_ key: String) -> TOMLSection? {
        guard let raw = value(key) else { return nil }
        guard raw.type == .table, let sub = raw.table else { wrongType(key, expected: "a table", got: raw); return nil }
        return TOMLSection(document: document, table: sub, path: path + [key])
    }

    /// Reports every key not in `allowed`, with a did-you-mean.
    func rejectUnknownKeys(allowed: [String]) {
        for key in keys where !allowed.contains(key) {
            var message = "unknown key \(keyText(key))"
            if let guess = EditDistance.suggestion(for: key, among: allowed) { message += "; did you mean `\(guess)`?" }
            else { message += " (allowed here: \(allowed.joined(separator: ", ")))" }
            document.report(.unknownKey, path + [key], message)
        }
    }

    func invalid(_ key: String, _ message: String) {
        document.report(.invalidValue, path + [key], "\(keyText(key)) \(message)")
    }
}
