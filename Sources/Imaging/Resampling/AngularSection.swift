/// One vertical section through a volume along a plane that contains an axis line.
///
/// Rows are slices (`firstSlice`, `firstSlice + 1`, …), columns are the signed
/// radial position along the plane's in-plane direction `(cos θ, sin θ)` in
/// (x = column, y = row) pixel coordinates: column `c` is at `u = c - radius`
/// pixels from the axis, so the axis itself is column `radius`.
public struct AngularSection: Sendable {
    /// θ in degrees, measured from the +x (column) direction toward +y (rows).
    public var angleDegrees: Double
    /// The slice index of row 0.
    public var firstSlice: Int
    /// Half-width in pixels: columns run over u = -radius … +radius.
    public var radius: Int
    public var image: GrayImage

    public init(angleDegrees: Double, firstSlice: Int, radius: Int, image: GrayImage) {
        precondition(image.width == 2 * radius + 1, "AngularSection: width must be 2·radius + 1")
        self.angleDegrees = angleDegrees
        self.firstSlice = firstSlice
        self.radius = radius
        self.image = image
    }

    /// Signed radial position (pixels from the axis) of a column.
    @inlinable
    public func radialPosition(column: Int) -> Int { column - radius }

    /// The slice index of a row.
    @inlinable
    public func slice(row: Int) -> Int { firstSlice + row }
}
