#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Imaging

/// Tilt of the cell axis against the volume's z axis, from the cell's centre on
/// slices along the axis.
///
/// Centres (px) become millimetres with the in-plane voxel size and heights with
/// the z voxel size, so an anisotropic scan (the example volume's z step is twice
/// its pixel) gives the true angle. Each centre coordinate is regressed on
/// height by ordinary least squares; tilt = atan(√(b_row² + b_col²)), with the
/// slopes' standard errors propagated to one sigma in degrees.
public struct AxisTilt: Sendable, Codable, Equatable {
    public var tiltDeg: Double
    public var uncertaintyDeg: Double
    /// Direction of the lean in the slice plane, degrees from +row towards +col.
    public var azimuthDeg: Double
    /// Centre shift per slice, px (row, col): what the overhang reslicer follows.
    public var rowPerSlice: Double
    public var colPerSlice: Double
    public var slicesUsed: Int

    public static func fit(slices: [Int], centreRows: [Double], centreCols: [Double],
                           pixelMM: Double, sliceMM: Double) -> AxisTilt? {
        guard slices.count >= 3 else { return nil }
        let z = slices.map { Double($0) * sliceMM }
        guard let fr = LineFit(x: z, y: centreRows.map { $0 * pixelMM }),
              let fc = LineFit(x: z, y: centreCols.map { $0 * pixelMM }) else { return nil }
        let g = (fr.slope * fr.slope + fc.slope * fc.slope).squareRoot()
        let tilt = atan(g)
        // d(tilt)/d(b) = b / (g (1 + g²)); near g = 0 the propagated error is the slopes' own.
        let sigma: Double
        if g > 1e-12 {
            let k = 1 / (g * (1 + g * g))
            sigma = ((fr.slope * k * fr.slopeStandardError).squared + (fc.slope * k * fc.slopeStandardError).squared).squareRoot()
        } else {
            sigma = (fr.slopeStandardError.squared + fc.slopeStandardError.squared).squareRoot()
        }
        return AxisTilt(
            tiltDeg: tilt * 180 / .pi, uncertaintyDeg: sigma * 180 / .pi,
            azimuthDeg: atan2(fc.slope, fr.slope) * 180 / .pi,
            rowPerSlice: fr.slope * sliceMM / pixelMM, colPerSlice: fc.slope * sliceMM / pixelMM,
            slicesUsed: slices.count)
    }
}

private extension Double {
    var squared: Double { self * self }
}
