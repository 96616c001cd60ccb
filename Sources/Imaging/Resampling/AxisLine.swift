import Foundation

/// A straight line through a volume, given by its in-plane position on two slices.
///
/// Coordinates follow `Image`: `x` along columns, `y` along rows, both in pixels,
/// at the pixel centres (pixel (row 3, col 5) is at x = 5, y = 3). `z` is the slice
/// index. The line need not be vertical: a tilted cell axis has different positions
/// on the two slices, and every slice between or beyond them gets the linearly
/// interpolated (or extrapolated) position.
public struct AxisLine: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public var first: Point
    public var firstSlice: Double
    public var last: Point
    public var lastSlice: Double

    /// - Precondition: `firstSlice != lastSlice` unless both points coincide (a vertical line).
    public init(first: Point, atSlice firstSlice: Double, last: Point, atSlice lastSlice: Double) {
        precondition(firstSlice != lastSlice || first == last,
                     "AxisLine: two different points on the same slice do not define an axis")
        self.first = first
        self.firstSlice = firstSlice
        self.last = last
        self.lastSlice = lastSlice
    }

    /// A line parallel to the slice axis through `point`.
    public static func vertical(through point: Point) -> AxisLine {
        AxisLine(first: point, atSlice: 0, last: point, atSlice: 1)
    }

    /// Where the line crosses slice `z` (fractional slices allowed).
    @inlinable
    public func point(atSlice z: Double) -> Point {
        guard lastSlice != firstSlice else { return first }
        let t = (z - firstSlice) / (lastSlice - firstSlice)
        return Point(x: first.x + t * (last.x - first.x), y: first.y + t * (last.y - first.y))
    }

    /// Angle between the line and the slice axis in degrees, with the given voxel
    /// size (in-plane shift per slice scaled to millimetres).
    public func tiltDegrees(voxelSize: VoxelSize) -> Double {
        guard lastSlice != firstSlice else { return 0 }
        let dz = (lastSlice - firstSlice) * voxelSize.z
        let dx = (last.x - first.x) * voxelSize.x
        let dy = (last.y - first.y) * voxelSize.y
        return atan((dx * dx + dy * dy).squareRoot() / abs(dz)) * 180 / Double.pi
    }
}
