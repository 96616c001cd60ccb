import Foundation
import Imaging

/// The can axis from per-slice ellipse centres: least-squares lines `x(z)` and `y(z)`
/// (x = col, y = row, z = slice position, all in mm via the anisotropic `VoxelSize`),
/// and the tilt of that axis from the volume's z axis,
/// `tilt = atan(sqrt(sx² + sy²))` with `sx = dx/dz`, `sy = dy/dz`.
///
/// Uncertainty: the standard errors of the two slopes from the regression residuals
/// (`σ² = Σres²/(n−2) / Σ(z − z̄)²`), propagated to first order:
/// `σ_tilt = sqrt((sx·σsx)² + (sy·σsy)²) / (s·(1 + s²))` (radians, then degrees);
/// when the tilt is ~0 it falls back to `sqrt(σsx² + σsy²)`.
public struct CanAxis: Sendable, Codable, Equatable {
    public var slices: Int
    /// Slope of the centre column (x) and row (y) against z, mm per mm.
    public var slopeX: Double
    public var slopeY: Double
    public var slopeXStd: Double
    public var slopeYStd: Double
    /// Centre (mm) at z = 0 (slice 0).
    public var interceptX: Double
    public var interceptY: Double
    public var tiltDegrees: Double
    public var tiltStdDegrees: Double
    /// Direction of the tilt in the slice plane: atan2(sy, sx), degrees.
    public var azimuthDegrees: Double

    /// The axis in pixel coordinates through slices 0 and `depth − 1`, for sections
    /// (`AngularReslice`) that turn about it.
    public func line(voxelSize v: VoxelSize, depth: Int) -> AxisLine {
        let lastZ = Double(depth - 1) * v.z
        return AxisLine(first: .init(x: interceptX / v.x, y: interceptY / v.y), atSlice: 0,
                        last: .init(x: (interceptX + slopeX * lastZ) / v.x, y: (interceptY + slopeY * lastZ) / v.y),
                        atSlice: Double(depth - 1))
    }

    /// `centres`: (slice index, xc px, yc px); nil when fewer than 3 slices.
    public init?(centres: [(slice: Int, x: Double, y: Double)], voxelSize: VoxelSize) {
        guard centres.count >= 3 else { return nil }
        let z = centres.map { Double($0.slice) * voxelSize.z }
        let x = centres.map { $0.x * voxelSize.x }
        let y = centres.map { $0.y * voxelSize.y }
        guard let fx = LineFit(x: z, y: x), let fy = LineFit(x: z, y: y) else { return nil }
        slices = centres.count
        slopeX = fx.slope; slopeY = fy.slope
        slopeXStd = fx.slopeStandardError; slopeYStd = fy.slopeStandardError
        interceptX = fx.intercept; interceptY = fy.intercept
        let s = (slopeX * slopeX + slopeY * slopeY).squareRoot()
        tiltDegrees = atan(s) * 180 / Double.pi
        let sigma: Double
        if s > 1e-12 {
            sigma = ((slopeX * slopeXStd) * (slopeX * slopeXStd) + (slopeY * slopeYStd) * (slopeY * slopeYStd)).squareRoot()
                / (s * (1 + s * s))
        } else {
            sigma = (slopeXStd * slopeXStd + slopeYStd * slopeYStd).squareRoot()
        }
        tiltStdDegrees = sigma * 180 / Double.pi
        azimuthDegrees = atan2(slopeY, slopeX) * 180 / Double.pi
    }
}
