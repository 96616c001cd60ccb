import Imaging

/// Contrast, noise and cupping of the electrode layers on one axial slice,
/// measured in the radial (polar) view where the paper states its criterion.
///
/// Definitions (documented in README, "Scan quality"):
/// - The slice is sampled on concentric rings about the cell axis (`PolarRings`,
///   nearest neighbour, ~1 px of arc per sample). Along a ring the winding is
///   smooth: a ring crosses a layer boundary only where the spiral does.
/// - **Noise σ**: 1.4826 · MAD of the differences of neighbouring samples along
///   each ring, divided by √2 (the difference of two independent pixels has
///   twice the variance). Using the median makes the few boundary crossings
///   irrelevant; using real pixels (no interpolation) keeps σ unbiased.
/// - **Classes**: each ring is smoothed along its arc (box of `smoothing`
///   samples, which divides noise by √smoothing but keeps radial structure),
///   and Otsu's threshold on the smoothed samples of the winding band splits
///   electrode from separator. Class means are taken on the raw samples.
/// - **Winding band**: radii between `bandStart` and `bandEnd` (the caller
///   gives the can's inner radius so the wall is excluded) where both classes
///   occur on at least 5 % of the ring, which excludes the central hole.
/// - **CNR** = (mean electrode − mean separator) / σ. When it falls, a threshold
///   no longer separates the layers: the fraction of pixels on the wrong side of
///   the midpoint threshold is Φ(−CNR/2) (16 % at CNR 2, 7 % at CNR 3).
/// - **Cupping** c: the electrode-class mean per ring, I(r), fitted by least
///   squares (weighted by sample count) to I(r) = I₀ · (1 − c · (1 − (r/R)²)) with
///   R the can's inner radius: the fractional intensity drop at the axis
///   relative to the wall that beam hardening leaves. 0 on a flat scan;
///   positive = darker centre.
public struct LayerContrast: Sendable, Codable, Equatable {
    public var electrodeMean: Double
    public var separatorMean: Double
    public var noiseSigma: Double
    public var cnr: Double
    public var cupping: Double
    public var bandInnerRadius: Int
    public var bandOuterRadius: Int
    /// Electrode-class mean per ring radius across the band (the radial profile).
    public var electrodeProfile: [Double]

    /// - Parameter rings: the slice's rings about the cell axis; only those
    ///   more than 3 px inside `canInnerRadius` are used.
    public static func measure(_ rings: PolarRings, canInnerRadius: Double, smoothing: Int = 9) -> LayerContrast? {
        let outer = min(rings.rings.count - 1, Int((canInnerRadius - 3).rounded(.down)))
        guard outer > 10 else { return nil }
        let smoothed = rings.rings[...outer].map { boxSmoothCircular($0, width: smoothing) }
        let startRadius = 3
        let threshold = otsu(smoothed[startRadius...].flatMap { $0 })

        // The band: rings where both classes are present.
        var band: [Int] = []
        for r in startRadius..<smoothed.count {
            let s = smoothed[r]
            let high = s.reduce(0) { $0 + ($1 > threshold ? 1 : 0) }
            let fraction = Double(high) / Double(s.count)
            if fraction > 0.05 && fraction < 0.95 { band.append(r) }
        }
        guard band.count >= 5, let first = band.first, let last = band.last else { return nil }

        var eSum = 0.0, eCount = 0, sSum = 0.0, sCount = 0
        var diffs: [Float] = []
        var profile: [Double] = []
        var fitU: [Double] = [], fitI: [Double] = [], fitW: [Double] = []
        for r in first...last {
            let raw = rings.rings[r], s = smoothed[r]
            var ringE = 0.0, ringEN = 0
            for k in 0..<raw.count {
                if s[k] > threshold {
                    ringE += Double(raw[k]); ringEN += 1
                } else {
                    sSum += Double(raw[k]); sCount += 1
                }
                diffs.append(raw[k] - raw[(k + 1) % raw.count])
            }
            eSum += ringE; eCount += ringEN
            let ringMean = ringEN > 0 ? ringE / Double(ringEN) : .nan
            profile.append(ringMean)
            if ringEN >= 8 {
                let x = Double(r) / canInnerRadius
                fitU.append(1 - x * x); fitI.append(ringMean); fitW.append(Double(ringEN))
            }
        }
        guard eCount > 0, sCount > 0 else { return nil }
        let sigma = 1.4826 * Double(medianAbsolute(diffs)) / 2.0.squareRoot()
        let eMean = eSum / Double(eCount), sMean = sSum / Double(sCount)
        let cupping = fitCupping(u: fitU, intensity: fitI, weight: fitW)
        return LayerContrast(
            electrodeMean: eMean, separatorMean: sMean, noiseSigma: sigma,
            cnr: sigma > 0 ? (eMean - sMean) / sigma : .infinity,
            cupping: cupping, bandInnerRadius: first, bandOuterRadius: last,
            electrodeProfile: profile)
    }

    /// Weighted least squares of I = I₀ − (I₀·c)·u; returns c = −slope / intercept.
    static func fitCupping(u: [Double], intensity: [Double], weight: [Double]) -> Double {
        let sw = weight.reduce(0, +)
        guard u.count >= 3, sw > 0 else { return .nan }
        var mu = 0.0, mi = 0.0
        for k in u.indices { mu += weight[k] * u[k]; mi += weight[k] * intensity[k] }
        mu /= sw; mi /= sw
        var suu = 0.0, sui = 0.0
        for k in u.indices {
            suu += weight[k] * (u[k] - mu) * (u[k] - mu)
            sui += weight[k] * (u[k] - mu) * (intensity[k] - mi)
        }
        guard suu > 0 else { return .nan }
        let slope = sui / suu
        let intercept = mi - slope * mu
        return intercept != 0 ? -slope / intercept : .nan
    }

    static func boxSmoothCircular(_ values: [Float], width: Int) -> [Float] {
        let n = values.count, half = width / 2
        guard n > width else { return values }
        var out = [Float](repeating: 0, count: n)
        var acc: Float = 0
        for k in -half...half { acc += values[(k + n) % n] }
        for k in 0..<n {
            out[k] = acc / Float(2 * half + 1)
            acc += values[(k + half + 1) % n] - values[(k - half + n) % n]
        }
        return out
    }

    static func medianAbsolute(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        var a = values.map { abs($0) }
        let mid = a.count / 2
        a.sort()
        return a.count % 2 == 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2
    }

    /// Otsu's threshold over a 256-bin histogram of the values' range.
    static func otsu(_ values: [Float]) -> Float {
        guard let lo = values.min(), let hi = values.max(), hi > lo else { return values.first ?? 0 }
        let bins = 256
        var hist = [Double](repeating: 0, count: bins)
        let scale = Float(bins) / (hi - lo)
        for v in values { hist[min(bins - 1, Int((v - lo) * scale))] += 1 }
        let total = Double(values.count)
        var sumAll = 0.0
        for i in 0..<bins { sumAll += Double(i) * hist[i] }
        var wB = 0.0, sumB = 0.0, best = -1.0, bestBin = 0
        for i in 0..<bins {
            wB += hist[i]
            guard wB > 0 else { continue }
            let wF = total - wB
            guard wF > 0 else { break }
            sumB += Double(i) * hist[i]
            let mB = sumB / wB, mF = (sumAll - sumB) / wF
            let between = wB * wF * (mB - mF) * (mB - mF)
            if between > best { best = between; bestBin = i }
        }
        return lo + (Float(bestBin) + 1) / scale
    }
}
