import Imaging

/// One slice's samples exactly as stored in the file, in their own type.
///
/// Values are NOT adjusted for the photometric interpretation: a `WhiteIsZero`
/// file's samples come back as written (what tifffile returns too).
/// 1-bit samples are unpacked to one `Bool` per pixel, `true` = stored bit 1.
public enum RawSlice: Sendable, Equatable {
    case bit(Mask)
    case uint8(Image<UInt8>)
    case uint16(Image<UInt16>)
    case float32(Image<Float>)

    public var width: Int {
        switch self {
        case .bit(let image): image.width
        case .uint8(let image): image.width
        case .uint16(let image): image.width
        case .float32(let image): image.width
        }
    }

    public var height: Int {
        switch self {
        case .bit(let image): image.height
        case .uint8(let image): image.height
        case .uint16(let image): image.height
        case .float32(let image): image.height
        }
    }

    public var sampleFormat: TIFFSampleFormat {
        switch self {
        case .bit: .uint1
        case .uint8: .uint8
        case .uint16: .uint16
        case .float32: .float32
        }
    }

    /// The stored values as `Float` (exact for every supported format): bit 1 → 1.0.
    public var gray: GrayImage {
        switch self {
        case .bit(let image): image.map { $0 ? 1 : 0 }
        case .uint8(let image): image.map { Float($0) }
        case .uint16(let image): image.map { Float($0) }
        case .float32(let image): image
        }
    }

    /// Quantises grey values to `format`: rounded to nearest and clamped to the
    /// format's range for integers, `> 0.5` for bits, unchanged for float.
    /// For writing synthetic volumes (the phantom) and tests.
    public init(_ image: GrayImage, as format: TIFFSampleFormat) {
        switch format {
        case .uint1:
            self = .bit(image.map { $0 > 0.5 })
        case .uint8:
            self = .uint8(image.map { UInt8(Swift.min(255, Swift.max(0, $0.rounded()))) })
        case .uint16:
            self = .uint16(image.map { UInt16(Swift.min(65535, Swift.max(0, $0.rounded()))) })
        case .float32:
            self = .float32(image)
        }
    }
}
