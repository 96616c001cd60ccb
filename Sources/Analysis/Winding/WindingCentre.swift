/// The origin of the unrolling: an integer pixel (row, col).
///
/// As the reference (`virtual_unroll`): the centre of the RANSAC ellipse fitted to
/// the outer can contour, each coordinate truncated toward zero (`int(yc)`,
/// `int(xc)`), so subpixel positions are discarded before any angle or radius is
/// computed.
public struct WindingCentre: Sendable, Codable, Equatable, Hashable {
    public var row: Int
    public var col: Int

    public init(row: Int, col: Int) {
        self.row = row
        self.col = col
    }

    /// From a subpixel centre (e.g. an ellipse's `(yc, xc)`), truncated as Python `int()`.
    public init(truncatingRow row: Double, col: Double) {
        self.init(row: Int(row.rounded(.towardZero)), col: Int(col.rounded(.towardZero)))
    }
}
