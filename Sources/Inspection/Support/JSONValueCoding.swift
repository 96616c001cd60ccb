import Foundation

// Encodable → JSONValue and JSONValue → Decodable without JSON text in between:
// every analysis' details pass through here once per inspection, and a stage
// reading an earlier one's passes back. The text round trip (encode, then parse
// with a `try?` per alternative) took about 0.5 of the 10 CPU-s an inspection of
// the 4 GB phantom took.
//
// Semantics follow JSONEncoder/JSONDecoder with default strategies for what the
// analyses' details hold (numbers, strings, booleans, optionals, arrays,
// dictionaries with string keys, nested structs and enums). Non-finite numbers
// are kept as numbers; `JSONValue.encode(to:)` writes them as null.

extension JSONValue {
    /// `value` as a JSON value: what `JSONEncoder` would write, without the text.
    public init(encoding value: some Encodable) throws {
        let root = ValueNode()
        try value.encode(to: ValueEncoder(node: root, codingPath: []))
        self = root.resolved
    }

    /// A `T` decoded from this value, as `JSONDecoder` would from its text: how a
    /// stage reads what an earlier one measured (the overhang stage, the can axis).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: ValueDecoder(value: self, codingPath: []))
    }
}

// MARK: - Encoding

/// A value under construction: containers hand out nodes that their children fill.
private final class ValueNode {
    enum Child {
        case value(JSONValue)
        case node(ValueNode)
        var resolved: JSONValue {
            switch self {
            case .value(let v): v
            case .node(let n): n.resolved
            }
        }
    }

    enum Content {
        case empty
        case value(JSONValue)
        case object([String: Child])
        case array([Child])
    }

    var content = Content.empty

    var resolved: JSONValue {
        switch content {
        case .empty: .object([:])
        case .value(let v): v
        case .object(let members): .object(members.mapValues(\.resolved))
        case .array(let elements): .array(elements.map(\.resolved))
        }
    }

    func set(_ key: String, _ child: Child) {
        if case .object(var members) = content {
            content = .empty  // keep `members` uniquely referenced while it changes
            members[key] = child
            content = .object(members)
        } else {
            content = .object([key: child])
        }
    }

    func append(_ child: Child) {
        if case .array(var elements) = content {
            content = .empty
            elements.append(child)
            content = .array(elements)
        } else {
            content = .array([child])
        }
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

/// The value of a leaf, or nil when `value` must encode itself.
private func encodedLeaf(_ value: some Encodable) -> JSONValue? {
    switch value {
    case let v as Double: .number(v)
    case let v as Float: .number(Double(v))
    case let v as Int: .number(Double(v))
    case let v as Int32: .number(Double(v))
    case let v as Int64: .number(Double(v))
    case let v as UInt64: .number(Double(v))
    case let v as String: .string(v)
    case let v as Bool: .bool(v)
    default: nil
    }
}

/// The child for `value`: a leaf directly, anything else encoded into a new node.
private func child(_ value: some Encodable, codingPath: [any CodingKey]) throws -> ValueNode.Child {
    if let leaf = encodedLeaf(value) { return .value(leaf) }
    let node = ValueNode()
    try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
    return .node(node)
}

private struct ValueEncoder: Encoder {
    let node: ValueNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedValueContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedValueContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: ValueNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, .value(.null)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, .value(.bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, .value(.string(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.set(key.stringValue, .value(.number(value))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try child(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ValueNode()
        node.set(key.stringValue, .node(nested))
        return ValueEncoder(node: nested, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ValueNode()
        node.set(key.stringValue, .node(nested))
        return ValueEncoder(node: nested, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = ValueNode()
        node.set(key.stringValue, .node(nested))
        return ValueEncoder(node: nested, codingPath: codingPath + [key])
    }
}

private struct UnkeyedValueContainer: UnkeyedEncodingContainer, NumbersAsDouble {
    let node: ValueNode
    var codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws { node.append(.value(.null)) }
    mutating func encode(_ value: Bool) throws { node.append(.value(.bool(value))) }
    mutating func encode(_ value: String) throws { node.append(.value(.string(value))) }
    mutating func encode(_ value: Double) throws { node.append(.value(.number(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try child(value, codingPath: codingPath + [IndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ValueNode()
        let path = codingPath + [IndexKey(count)]
        node.append(.node(nested))
        return ValueEncoder(node: nested, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ValueNode()
        let path = codingPath + [IndexKey(count)]
        node.append(.node(nested))
        return ValueEncoder(node: nested, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let nested = ValueNode()
        let path = codingPath + [IndexKey(count)]
        node.append(.node(nested))
        return ValueEncoder(node: nested, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer, NumbersAsDouble {
    let node: ValueNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let leaf = encodedLeaf(value) {
            node.content = .value(leaf)
        } else {
            try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
        }
    }
}

/// The integer and `Float` overloads an unkeyed or single-value container must
/// have: every number is a Double in a JSON value.
private protocol NumbersAsDouble {
    mutating func encode(_ value: Double) throws
}

extension NumbersAsDouble {
    mutating func encode(_ value: Float) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int8) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int16) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int32) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int64) throws { try encode(Double(value)) }
    mutating func encode(_ value: UInt) throws { try encode(Double(value)) }
    mutating func encode(_ value: UInt8) throws { try encode(Double(value)) }
    mutating func encode(_ value: UInt16) throws { try encode(Double(value)) }
    mutating func encode(_ value: UInt32) throws { try encode(Double(value)) }
    mutating func encode(_ value: UInt64) throws { try encode(Double(value)) }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue!)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { intValue = Int(stringValue) }
    init?(intValue: Int) { self.intValue = intValue }
}

// MARK: - Decoding

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(value)"))
}

/// A number as `T`, exactly as JSONDecoder accepts it (an integer type only
/// for a whole number inside its range).
private func number<T>(_ value: JSONValue, as type: T.Type, _ path: [any CodingKey]) throws -> T {
    guard case .number(let d) = value else { throw mismatch(type, value, path) }
    switch type {
    case is Double.Type: return d as! T
    case is Float.Type: return Float(d) as! T
    case let integer as any (BinaryInteger & FixedWidthInteger).Type:
        guard let exact = integer.init(exactly: d) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(d) does not fit in \(type)"))
        }
        return exact as! T
    default: throw mismatch(type, value, path)
    }
}

/// The value of a leaf type, or nil when `T` must decode itself.
private func decodedLeaf<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T? {
    switch type {
    case is JSONValue.Type:
        return (value as! T)
    case is Double.Type, is Float.Type, is Int.Type, is Int32.Type, is Int64.Type, is UInt64.Type:
        return try number(value, as: type, path)
    case is String.Type:
        guard case .string(let s) = value else { throw mismatch(type, value, path) }
        return (s as! T)
    case is Bool.Type:
        guard case .bool(let b) = value else { throw mismatch(type, value, path) }
        return (b as! T)
    default:
        return nil
    }
}

private func decodeValue<T: Decodable>(_ type: T.Type, from value: JSONValue, _ path: [any CodingKey]) throws -> T {
    if let leaf = try decodedLeaf(type, value, path) { return leaf }
    return try T(from: ValueDecoder(value: value, codingPath: path))
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedValueDecoder(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self, value, codingPath) }
        return UnkeyedValueDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueDecoder(value: value, codingPath: codingPath)
    }
}

private struct KeyedValueDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decode(type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decodeValue(type, from: member(key), codingPath + [key])
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try number(member(key), as: type, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedValueDecoder: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "array ended"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeNext(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeNext(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeNext(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeNext(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeNext(type) }

    private mutating func decodeNext<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try decodeValue(type, from: value, path)
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try number(value, as: type, path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleValueDecoder: SingleValueDecodingContainer {
    let value: JSONValue
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(value, as: type, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(value, as: type, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type, from: value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(value, as: type, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(value, as: type, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(value, as: type, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(value, as: type, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type, from: value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, from: value, codingPath) }
}
