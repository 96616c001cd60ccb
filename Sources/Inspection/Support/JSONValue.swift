import Foundation

/// Any JSON document, as a value: how analysis-specific details travel through
/// the pipeline into the record without Inspection knowing their types
/// (`init(encoding:)` and `decode(_:)` convert, see JSONValueCoding.swift).
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try element.encodeLeafOrSelf(into: &container) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (key, member) in members { try member.encodeLeafOrSelf(into: &container, forKey: MemberKey(key)) }
        default:
            var container = encoder.singleValueContainer()
            switch self {
            case .bool(let value): try container.encode(value)
            case .number(let value) where value.isFinite: try container.encode(value)
            case .string(let value): try container.encode(value)
            default: try container.encodeNil()  // null, and NaN or infinity, which JSON cannot hold
            }
        }
    }

    // Leaves straight into the container: most of a record's details are numbers
    // in arrays, and a nested single-value encoder per number doubled the encoding time.
    private func encodeLeafOrSelf(into container: inout some UnkeyedEncodingContainer) throws {
        switch self {
        case .bool(let value): try container.encode(value)
        case .number(let value) where value.isFinite: try container.encode(value)
        case .number, .null: try container.encodeNil()
        case .string(let value): try container.encode(value)
        case .array, .object: try container.encode(self)
        }
    }

    private func encodeLeafOrSelf(into container: inout KeyedEncodingContainer<MemberKey>, forKey key: MemberKey) throws {
        switch self {
        case .bool(let value): try container.encode(value, forKey: key)
        case .number(let value) where value.isFinite: try container.encode(value, forKey: key)
        case .number, .null: try container.encodeNil(forKey: key)
        case .string(let value): try container.encode(value, forKey: key)
        case .array, .object: try container.encode(self, forKey: key)
        }
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
