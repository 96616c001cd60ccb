/// How a TIFF page cuts its pixels into independently decoded pieces.
public enum TIFFTileLayout: Sendable, Hashable, CustomStringConvertible {
    /// Bands of whole rows.
    case stripped(rowsPerStrip: Int)
    /// Rectangular tiles; TIFF requires both sides to be multiples of 16.
    case tiled(width: Int, height: Int)

    public var description: String {
        switch self {
        case .stripped(let rows): "stripped (\(rows) rows per strip)"
        case .tiled(let width, let height): "tiled (\(width)×\(height))"
        }
    }
}
