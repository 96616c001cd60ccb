import Foundation
import Imaging

/// How the deviations inside one angular bin are combined.
public enum DentAggregation: String, Sendable, Codable, CaseIterable {
    /// numpy `mean` (the reference's `im075` setting).
    case mean
    /// numpy `median`, mean of the two middle values for an even count (the `ellipse_dent` setting).
    case median
}

/// Radial deviation of the outer contour from a fitted ellipse, binned by angle
/// (docs/method.md step 4.6).
///
/// For each contour point (x = col, y = row): θ = atan2(y − yc, x − xc), observed radius
/// `r_obs = hypot(·)`, ellipse radius along θ `r_ell = a·b / sqrt((b·cos(θ−φ))² + (a·sin(θ−φ))²)`,
/// `delta = r_ell − r_obs` (positive = inward dent). Bins: 180 equal bins over [−π, π)
/// as `np.digitize(θ, linspace(−π, π, n+1)) − 1` with θ = π wrapped into bin 0; a bin is
/// the mean or median of its deltas, `nil` when empty. Max dent = max over bins (numpy `nanmax`).
public struct DentProfile: Sendable, Codable, Equatable {
    public var bins: Int
    public var aggregation: DentAggregation
    /// Per-bin deviation in pixels (nil = no contour point in that bin).
    public var deltaPx: [Double?]
    public var maxDentPx: Double
    /// Centre angle of the bin of the maximum (radians, x = col, y = row, so positive
    /// angles turn from +col towards +row, clockwise on a displayed image).
    public var maxDentAngle: Double

    public init(contour: Contour, ellipse: Ellipse, bins: Int = 180, aggregation: DentAggregation) {
        precondition(bins > 0)
        self.bins = bins
        self.aggregation = aggregation
        var groups = [[Double]](repeating: [], count: bins)
        // numpy.linspace(−π, π, bins + 1): k·step + start, last edge exactly π.
        let step = (Double.pi - -Double.pi) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + -Double.pi }
        edges[bins] = Double.pi
        let width = 2 * Double.pi / Double(bins)
        let ct = cos(ellipse.theta), st = sin(ellipse.theta)
        contour.rows.withUnsafeBufferPointer { ys in
            contour.cols.withUnsafeBufferPointer { xs in
                for i in 0..<ys.count {
                    let vx = xs[i] - ellipse.xc, vy = ys[i] - ellipse.yc
                    let theta = atan2(vy, vx)
                    let delta = ellipse.radius(alongDX: vx, dy: vy, cosTheta: ct, sinTheta: st) - (vx * vx + vy * vy).squareRoot()
                    // Bin from the width, then corrected against the linspace edges so that
                    // points on an edge land where np.digitize puts them (edges[k] ≤ θ < edges[k+1]).
                    var k = Int(((theta + Double.pi) / width).rounded(.down))
                    k = max(0, min(bins, k))
                    while k > 0 && theta < edges[k] { k -= 1 }
                    while k < bins && theta >= edges[k + 1] { k += 1 }
                    if k >= bins { k = 0 }
                    groups[k].append(delta)
                }
            }
        }
        var profile = [Double?](repeating: nil, count: bins)
        for k in 0..<bins where !groups[k].isEmpty {
            profile[k] = Self.aggregate(&groups[k], aggregation)
        }
        deltaPx = profile
        var best = -Double.infinity, bestK = 0
        for k in 0..<bins { if let v = profile[k], v > best { best = v; bestK = k } }
        maxDentPx = best.isFinite ? best : .nan
        maxDentAngle = (edges[bestK] + edges[bestK + 1]) / 2
    }

    static func aggregate(_ values: inout [Double], _ how: DentAggregation) -> Double {
        switch how {
        case .mean:
            return values.reduce(0, +) / Double(values.count)
        case .median:
            values.sort()
            let n = values.count
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
        }
    }
}
