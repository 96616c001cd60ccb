#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        guard let fr = regress(z, centreRows.map { $0 * pixelMM }),
              let fc = regress(z, centreCols.map { $0 * pixelMM }) else { return nil }
        let g = (fr.slope * fr.slope + fc.slope * fc.slope).squareRoot()
        let tilt = atan(g)
        // d(tilt)/d(b) = b / (g (1 + g²)); near g = 0 the propagated error is the slopes' own.
        let sigma: Double
        if g > 1e-12 {
            let k = 1 / (g * (1 + g * g))
            sigma = ((fr.slope * k * fr.stderr).squared + (fc.slope * k * fc.stderr).squared).squareRoot()
        } else {
            sigma = (fr.stderr.squared + fc.stderr.squared).squareRoot()
        }
        return AxisTilt(
            tiltDeg: tilt * 180 / .pi, uncertaintyDeg: sigma * 180 / .pi,
            azimuthDeg: atan2(fc.slope, fr.slope) * 180 / .pi,
            rowPerSlice: fr.slope * sliceMM / pixelMM, colPerSlice: fc.slope * sliceMM / pixelMM,
            slicesUsed: slices.count)
    }

    /// OLS y = a + b·x with the standard error of b.
    static func regress(_ x: [Double], _ y: [Double]) -> (slope: Double, intercept: Double, stderr: Double)? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for i in x.indices { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my) }
        guard sxx > 0 else { return nil }
        let b = sxy / sxx, a = my - b * mx
        var ss = 0.0
        for i in x.indices { let e = y[i] - a - b * x[i]; ss += e * e }
        let se = x.count > 2 ? (ss / (n - 2) / sxx).squareRoot() : 0
        return (b, a, se)
    }
}

private extension Double {
    var squared: Double { self * self }
}
