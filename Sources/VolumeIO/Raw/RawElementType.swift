/// The voxel types of headerless raw volumes: what NRRD, MetaImage and the CT
/// vendors' `.vol` exports store. Raw values are spelled as in `TIFFSampleFormat`
/// (`uint8`, `uint16`, `float32`) plus the signed and wide types raw formats allow.
///
/// `slice(_:)` converts every type to `Float`: exact for 8- and 16-bit integers
/// and `float32`; 32-bit integers above 2^24 and `float64` are rounded to the
/// nearest `Float` (CT grey values do not need more).
public enum RawElementType: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case uint8
    case int8
    case uint16
    case int16
    case uint32
    case int32
    case float32
    case float64

    /// Bytes per voxel.
    public var byteCount: Int {
        switch self {
        case .uint8, .int8: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .float64: 8
        }
    }

    public var isFloat: Bool { self == .float32 || self == .float64 }

    /// Words as `TIFFSampleFormat` uses them: "16-bit unsigned", "16-bit signed integer".
    public var description: String {
        switch self {
        case .uint8, .uint16, .uint32: "\(byteCount * 8)-bit unsigned"
        case .int8, .int16, .int32: "\(byteCount * 8)-bit signed integer"
        case .float32, .float64: "\(byteCount * 8)-bit float"
        }
    }

    /// Largest and smallest storable value of an integer type; nil for floats.
    public var integerRange: ClosedRange<Double>? {
        switch self {
        case .uint8: 0...255
        case .int8: -128...127
        case .uint16: 0...65535
        case .int16: -32768...32767
        case .uint32: 0...4_294_967_295
        case .int32: -2_147_483_648...2_147_483_647
        case .float32, .float64: nil
        }
    }
}

/// Byte order of a raw volume's multi-byte voxels, as its header declares it.
public enum RawByteOrder: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case littleEndian
    case bigEndian

    /// The order of the machine cellqa runs on.
    public static var host: RawByteOrder { 1.littleEndian == 1 ? .littleEndian : .bigEndian }

    public var description: String { self == .littleEndian ? "little-endian" : "big-endian" }
}
