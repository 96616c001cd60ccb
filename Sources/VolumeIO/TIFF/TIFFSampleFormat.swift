import CTIFF

/// The sample layouts cellqa reads and writes: one sample per pixel, unsigned
/// integers of 1, 8 or 16 bits, or IEEE 32-bit floats.
///
/// Signed integers, 12-bit packed, 32-bit integers and 64-bit floats are rejected
/// with `VolumeIOError.unsupportedFormat`: no CT export we know needs them, and a
/// silent wrong conversion would be worse than a clear refusal.
public enum TIFFSampleFormat: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case uint1
    case uint8
    case uint16
    case float32

    /// TIFF `BitsPerSample`.
    public var bitsPerSample: Int {
        switch self {
        case .uint1: 1
        case .uint8: 8
        case .uint16: 16
        case .float32: 32
        }
    }

    public var isFloat: Bool { self == .float32 }
    /// Always false: signed samples are not supported.
    public var isSigned: Bool { false }

    /// TIFF `SampleFormat` tag value (1 unsigned integer, 3 IEEE float).
    var sampleFormatTag: UInt16 { isFloat ? UInt16(SAMPLEFORMAT_IEEEFP) : UInt16(SAMPLEFORMAT_UINT) }

    /// Largest storable value of an integer format (1, 255, 65535); nil for float.
    public var integerMaximum: Int? {
        switch self {
        case .uint1: 1
        case .uint8: 255
        case .uint16: 65535
        case .float32: nil
        }
    }

    /// Bytes in one row of `width` samples, rows padded to whole bytes as TIFF stores them.
    public func bytesPerRow(width: Int) -> Int { (width * bitsPerSample + 7) / 8 }

    public var description: String {
        switch self {
        case .uint1: "1-bit"
        case .uint8: "8-bit unsigned"
        case .uint16: "16-bit unsigned"
        case .float32: "32-bit float"
        }
    }

    /// The supported format with these TIFF tags, or nil.
    init?(bitsPerSample bits: UInt16, sampleFormat: UInt16) {
        switch (Int32(sampleFormat), bits) {
        case (SAMPLEFORMAT_UINT, 1): self = .uint1
        case (SAMPLEFORMAT_UINT, 8): self = .uint8
        case (SAMPLEFORMAT_UINT, 16): self = .uint16
        case (SAMPLEFORMAT_IEEEFP, 32): self = .float32
        default: return nil
        }
    }

    /// Words for an unsupported combination: "12-bit unsigned", "16-bit signed integer".
    static func describe(bitsPerSample bits: UInt16, sampleFormat: UInt16) -> String {
        switch Int32(sampleFormat) {
        case SAMPLEFORMAT_UINT: "\(bits)-bit unsigned"
        case SAMPLEFORMAT_INT: "\(bits)-bit signed integer"
        case SAMPLEFORMAT_IEEEFP: "\(bits)-bit float"
        default: "\(bits)-bit with SampleFormat \(sampleFormat)"
        }
    }
}
