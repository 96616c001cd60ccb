import CTIFF

/// How stored grey values map to brightness (TIFF `PhotometricInterpretation`).
///
/// cellqa never applies it to the numbers it reads: `TIFFVolume.slice(_:)` returns
/// values as stored, as tifffile (the reference's reader) does, and an analysis that
/// cares about polarity asks `photometric` (see `TIFFVolume.displayInverted`).
public enum TIFFPhotometric: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// 0 is black: larger stored values are brighter (the usual CT export).
    case minIsBlack
    /// 0 is white: larger stored values are darker.
    case whiteIsZero

    var tagValue: UInt16 {
        switch self {
        case .minIsBlack: UInt16(PHOTOMETRIC_MINISBLACK)
        case .whiteIsZero: UInt16(PHOTOMETRIC_MINISWHITE)
        }
    }

    public var description: String {
        switch self {
        case .minIsBlack: "MinIsBlack"
        case .whiteIsZero: "WhiteIsZero"
        }
    }
}
