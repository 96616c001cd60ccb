#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Imaging

/// Under-sampling streaks ("view aliasing") on one axial slice: a reconstruction
/// from too few projections leaves fine radial streaks in the air around a dense
/// object, growing with the distance from the centre.
///
/// Definition (also in README, "Scan quality"):
/// - **Air annulus**: radii `R + gap … R + gap + 12` px about the outline's centre,
///   R = `Silhouette.radius`, gap = 4 px + 2 × the outline's RMS residual (a
///   non-round can pushes the annulus out of its partial-volume rim). It is split
///   into an inner half (radii gap+0…5) and an outer half (gap+7…12); the radius
///   between them is skipped so that no pixel serves both halves.
/// - Angles θ_k = 2πk/n, n = round(2π·r_mid) (~1 px of arc at the mid radius),
///   from +row towards +col as `PolarRings`; every sample is the nearest pixel.
///   An angle counts only if all its samples lie inside the image: when the
///   circle does not fit, the sectors that do are used.
/// - Per angle, the mean of each half: the angular profiles a_k (inner) and b_k
///   (outer). Each is high-passed by subtracting its centred moving average over
///   `smoothing` (9) angles, kept where the whole window is valid: slow changes
///   around the ring (a halo, an oval can, a holder's shadow) are not streaks.
/// - Streaks are constant along the radius, so they appear alike in both halves;
///   noise is independent from pixel to pixel. Hence
///   **streak index** = σ(a + b) / σ(a − b), both high-passed, σ the robust σ of
///   `LayerContrast.robustSigma` (1.4826·MAD, then RMS within 3.5 σ). Without
///   streaks both are the noise of the profile: index ≈ 1 whatever the noise level,
///   with no noise model needed (nearest-neighbour repeats and 8-bit quantisation
///   affect both alike). Streaks of amplitude A in air of noise σ give about
///   √(1 + 6·A²/σ²).
/// - nil when fewer than `minAngles` (200) angles are valid, or the air shows no
///   noise at all (σ(a − b) = 0).
public struct StreakIndex: Sendable, Codable, Equatable {
    public var index: Double
    /// Angles (high-passed profile samples) the index was computed from.
    public var angleCount: Int
    /// Radii (px from the outline's centre) of the annulus' innermost and outermost samples.
    public var innerRadius: Double
    public var outerRadius: Double

    /// Radii per half of the annulus.
    public static let halfWidth = 6

    public static func measure(_ image: GrayImage, silhouette: Silhouette, smoothing: Int = 9,
                               minAngles: Int = 200) -> StreakIndex? {
        let inner = silhouette.radius + 4 + 2 * min(silhouette.rmsResidual, 10)
        let span = 2 * halfWidth   // radii inner … inner + span, the middle one skipped
        let n = max(8, Int((2 * Double.pi * (inner + Double(span) / 2)).rounded()))
        guard let (sum, difference) = halfProfiles(image, centreRow: silhouette.centreRow,
                                                    centreCol: silhouette.centreCol, innerRadius: inner, angles: n)
        else { return nil }
        let (s, d) = (highPass(sum, window: smoothing), highPass(difference, window: smoothing))
        guard s.count >= minAngles else { return nil }
        let sigmaDifference = LayerContrast.robustSigma(d)
        guard sigmaDifference > 0 else { return nil }
        return StreakIndex(index: LayerContrast.robustSigma(s) / sigmaDifference, angleCount: s.count,
                           innerRadius: inner, outerRadius: inner + Double(span))
    }

    /// Per angle, a + b and a − b of the inner and outer half's means (NaN where an
    /// angle's samples leave the image); nil when no angle is valid.
    static func halfProfiles(_ image: GrayImage, centreRow: Double, centreCol: Double,
                             innerRadius: Double, angles n: Int) -> (sum: [Float], difference: [Float])? {
        let w = image.width, h = image.height
        let maxRow = Double(h) - 0.5, maxCol = Double(w) - 0.5
        var sum = [Float](repeating: .nan, count: n), difference = sum
        var valid = 0
        // The angles by one rotation per step, as `PolarRingGrid`: no sin/cos per angle.
        let step = 2 * Double.pi / Double(n)
        let (cd, sd) = (cos(step), sin(step))
        var (c, s) = (1.0, 0.0)
        image.pixels.withUnsafeBufferPointer { px in
            for k in 0..<n {
                defer { (c, s) = (c * cd - s * sd, s * cd + c * sd) }
                // The whole ray segment is inside when its two ends are (the image is convex).
                func inside(_ r: Double) -> Bool {
                    let row = centreRow + r * c, col = centreCol + r * s
                    return row >= -0.5 && row < maxRow && col >= -0.5 && col < maxCol
                }
                guard inside(innerRadius), inside(innerRadius + Double(2 * halfWidth)) else { continue }
                var a: Float = 0, b: Float = 0
                for j in 0...(2 * halfWidth) where j != halfWidth {
                    let r = innerRadius + Double(j)
                    // ≥ −0.5 inside the image, so +0.5 and truncation round half up.
                    let row = min(h - 1, Int(centreRow + r * c + 0.5)), col = min(w - 1, Int(centreCol + r * s + 0.5))
                    let v = px[row * w + col]
                    if j < halfWidth { a += v } else { b += v }
                }
                a /= Float(halfWidth); b /= Float(halfWidth)
                sum[k] = a + b; difference[k] = a - b
                valid += 1
            }
        }
        return valid > 0 ? (sum, difference) : nil
    }

    /// `values` minus their centred moving average over `window` samples, around
    /// the circle, only where the whole window is valid (not NaN).
    static func highPass(_ values: [Float], window: Int) -> [Float] {
        let n = values.count, half = window / 2, width = 2 * half + 1
        guard n > width else { return [] }
        var out: [Float] = []
        out.reserveCapacity(n)
        // Running sum and count of the valid samples in the window k − half … k + half.
        var total = 0.0, count = 0
        func add(_ i: Int, _ sign: Int) {
            let v = values[(i + n) % n]
            if !v.isNaN { total += Double(sign) * Double(v); count += sign }
        }
        for o in -half...half { add(o, 1) }
        for k in 0..<n {
            if count == width { out.append(values[k] - Float(total / Double(width))) }
            add(k - half, -1); add(k + half + 1, 1)
        }
        return out
    }
}
