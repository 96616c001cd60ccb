import CTIFF

/// The lossless codecs cellqa reads and writes. Lossy ones (JPEG) are refused:
/// they would change the grey values the metrics are computed from.
public enum TIFFCompression: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case none
    case lzw
    case deflate
    case packBits

    var tagValue: UInt16 {
        switch self {
        case .none: UInt16(COMPRESSION_NONE)
        case .lzw: UInt16(COMPRESSION_LZW)
        case .deflate: UInt16(COMPRESSION_ADOBE_DEFLATE)
        case .packBits: UInt16(COMPRESSION_PACKBITS)
        }
    }

    /// Both Deflate tag values (8 and the older 32946) read as `.deflate`.
    init?(tagValue: UInt16) {
        switch Int32(tagValue) {
        case COMPRESSION_NONE: self = .none
        case COMPRESSION_LZW: self = .lzw
        case COMPRESSION_ADOBE_DEFLATE, COMPRESSION_DEFLATE: self = .deflate
        case COMPRESSION_PACKBITS: self = .packBits
        default: return nil
        }
    }

    /// A readable name for a tag value cellqa does not support.
    static func name(ofUnsupported tag: UInt16) -> String {
        switch Int32(tag) {
        case COMPRESSION_CCITTRLE, COMPRESSION_CCITTFAX3, COMPRESSION_CCITTFAX4: "CCITT fax compression"
        case COMPRESSION_OJPEG, COMPRESSION_JPEG: "JPEG-compressed (lossy)"
        case COMPRESSION_LZMA: "LZMA-compressed"
        case COMPRESSION_ZSTD: "Zstandard-compressed"
        case COMPRESSION_WEBP: "WebP-compressed"
        case COMPRESSION_JBIG: "JBIG-compressed"
        default: "compressed with codec \(tag)"
        }
    }

    public var description: String {
        switch self {
        case .none: "uncompressed"
        case .lzw: "LZW"
        case .deflate: "Deflate"
        case .packBits: "PackBits"
        }
    }
}
