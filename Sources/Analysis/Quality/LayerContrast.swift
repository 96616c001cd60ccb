import Imaging

/// Contrast, noise and cupping of the electrode layers on one axial slice,
/// measured in the radial (polar) view where the paper states its criterion.
///
/// Definitions (also in README, "Scan quality"):
/// - The slice is sampled on concentric rings about the cell axis (`PolarRings`,
///   nearest neighbour, ~1 px of arc per sample). Each ring is smoothed along its
///   arc (box of `smoothing` samples): along a ring the winding changes only where
///   the spiral crosses it, so smoothing removes noise and keeps the layers.
/// - **Winding band**: the rings inside the can wall where Otsu's threshold on the
///   smoothed band splits the samples into two classes each present on ≥ 5 % of
///   the ring: the layered region, without the central hole and the wall. Where
///   that level splits the void (hole, gap) from the whole roll (separators not
///   resolved: fewer than `ScanQuality.minLayerCrossings` crossings), the level is
///   Otsu's of the brighter class instead, if it shows more crossings: the layers
///   alternate inside it.
/// - **Layer contrast** C: per ring, the 85th minus the 15th percentile of the
///   smoothed samples: the bright (cathode) layers against the separator
///   gaps; the median over the band.
/// - **Noise σ**: 1.4826 · MAD / √2 of the pixel-wise difference between this
///   slice and the next along the axis, over the band. The winding is nearly
///   constant along the cell axis, so the difference is noise alone. A single
///   slice has no neighbour: σ then comes from neighbouring samples along each
///   ring, which also pick up layer edges, so it over-estimates the noise (a
///   conservative CNR).
/// - **CNR** = C / σ. On the phantom it equals (cathode − separator)/σ.
/// - **Cupping** c: the bright-layer level per ring (85th percentile, on rings
///   where the bright class covers 20–80 % of the ring), fitted by
///   least squares to I(r) = I₀ · (1 − c · (1 − (r/R)²)), R the can's inner radius:
///   the fractional drop at the axis relative to the wall that beam hardening
///   leaves. 0 on a flat scan; positive = darker centre.
public struct LayerContrast: Sendable, Codable, Equatable {
    public var contrast: Double
    public var noiseSigma: Double
    public var noiseFromNeighbourSlice: Bool
    /// Median over 90 radial rays of the number of bright/dark class changes
    /// across the band: about twice the number of layers in a jelly roll, a few
    /// in a cap or tab region. Tells slices through the winding from the rest.
    public var layerCrossings: Int
    public var cnr: Double
    public var cupping: Double
    public var bandInnerRadius: Int
    public var bandOuterRadius: Int
    /// Bright-layer level per ring across the band (the radial profile).
    public var brightProfile: [Double]

    /// - Parameters:
    ///   - rings: the slice's rings about the cell axis; only those more than 3 px
    ///     inside `canInnerRadius` are used.
    ///   - neighbour: the next slice's rings about the same centre, for the noise.
    public static func measure(_ rings: PolarRings, canInnerRadius: Double, neighbour: PolarRings? = nil,
                               smoothing: Int = 9) -> LayerContrast? {
        let outer = min(rings.rings.count - 1, Int((canInnerRadius - 3).rounded(.down)))
        guard outer > 10 else { return nil }
        let smoothed = rings.rings[...outer].map { boxSmoothCircular($0, width: smoothing) }
        let startRadius = 3
        let samples = smoothed[startRadius...].flatMap { $0 }
        var threshold = otsu(samples)
        var (band, brightFraction) = Self.band(smoothed, threshold: threshold, from: startRadius)
        // The level must split the layers, which alternate along the radius. Where the
        // separators are not resolved (coarse voxels, blur), Otsu's level of the disc falls
        // between the void (central hole, gap to the wall) and the whole roll instead: the
        // roll is then one bright class, rings are all bright or all dark, and a ray
        // crosses two or three times. The layers are then inside the bright class: its own
        // Otsu level, kept if it shows the alternation the first one did not.
        let firstCrossings = band.count >= 5
            ? Self.medianLayerCrossings(smoothed, threshold: threshold, band: band.first!...band.last!) : 0
        let material = samples.filter { $0 > threshold }
        if firstCrossings < ScanQuality.minLayerCrossings, material.count > 1 {
            let inner = otsu(material)
            let refined = Self.band(smoothed, threshold: inner, from: startRadius)
            if refined.band.count >= 5, Self.medianLayerCrossings(
                smoothed, threshold: inner, band: refined.band.first!...refined.band.last!) > firstCrossings {
                (threshold, band, brightFraction) = (inner, refined.band, refined.brightFraction)
            }
        }
        guard band.count >= 5, let first = band.first, let last = band.last else { return nil }

        var contrasts: [Double] = []
        var fitR: [Int] = [], fitU: [Double] = [], fitI: [Double] = [], fitW: [Double] = []
        // Differences written in place (one per band sample), not appended one by one.
        var diffs = [Float](repeating: 0, count: rings.rings[first...last].reduce(0) { $0 + $1.count })
        var filled = 0
        for r in first...last {
            var ring = smoothed[r]
            let k85 = Int(0.85 * Double(ring.count - 1)), k15 = Int(0.15 * Double(ring.count - 1))
            let high = Double(OrderStatistic.select(&ring, k: k85))
            let low = Double(OrderStatistic.select(&ring, k: k15, within: 0..<max(k85, k15 + 1)))
            contrasts.append(high - low)
            // The 85th percentile is a bright-layer level only where bright
            // layers cover enough of the ring: not at the roll's first and last turn.
            if brightFraction[r] >= 0.2 && brightFraction[r] <= 0.8 {
                let x = Double(r) / canInnerRadius
                fitR.append(r); fitU.append(1 - x * x); fitI.append(high); fitW.append(Double(ring.count))
            }
            let raw = rings.rings[r]
            let n = raw.count
            diffs.withUnsafeMutableBufferPointer { d in
                raw.withUnsafeBufferPointer { a in
                    let out = d.baseAddress! + filled
                    if let neighbour, r < neighbour.rings.count {
                        neighbour.rings[r].withUnsafeBufferPointer { b in
                            for k in 0..<n { out[k] = a[k] - b[k] }
                        }
                    } else {
                        for k in 0..<(n - 1) { out[k] = a[k] - a[k + 1] }
                        out[n - 1] = a[n - 1] - a[0]
                    }
                }
            }
            filled += n
        }
        let sigma = robustSigma(diffs) / 2.0.squareRoot()
        let crossings = medianLayerCrossings(smoothed, threshold: threshold, band: first...last)
        let contrast = contrasts.sorted()[contrasts.count / 2]
        // The roll's first and last turn do not cover whole rings: their bright level
        // is not the layers' level, and at the band's ends it pulls the fit hardest.
        let turnPx = crossings >= 4 ? 2 * Double(last - first) / Double(crossings) : 0
        let inner = Double(first) + turnPx, outerEdge = Double(last) - turnPx
        let keep = fitR.indices.filter { Double(fitR[$0]) >= inner && Double(fitR[$0]) <= outerEdge }
        let trimmed = keep.count >= 3 ? keep : Array(fitR.indices)
        return LayerContrast(
            contrast: contrast, noiseSigma: sigma, noiseFromNeighbourSlice: neighbour != nil,
            layerCrossings: crossings,
            cnr: sigma > 0 ? contrast / sigma : .infinity,
            cupping: robustCupping(u: trimmed.map { fitU[$0] }, intensity: trimmed.map { fitI[$0] },
                                   weight: trimmed.map { fitW[$0] }),
            bandInnerRadius: first, bandOuterRadius: last, brightProfile: fitI)
    }

    /// The rings (from `start`) where both classes of `threshold` cover at least 5 % of
    /// the ring, and the bright fraction of every ring.
    static func band(_ smoothed: [[Float]], threshold: Float, from start: Int) -> (band: [Int], brightFraction: [Double]) {
        var band: [Int] = []
        var brightFraction = [Double](repeating: 0, count: smoothed.count)
        for r in start..<smoothed.count {
            let s = smoothed[r]
            let high = s.reduce(0) { $0 + ($1 > threshold ? 1 : 0) }
            brightFraction[r] = Double(high) / Double(s.count)
            if brightFraction[r] > 0.05 && brightFraction[r] < 0.95 { band.append(r) }
        }
        return (band, brightFraction)
    }

    /// Class changes along radial rays through the band (see `layerCrossings`).
    static func medianLayerCrossings(_ smoothed: [[Float]], threshold: Float, band: ClosedRange<Int>, rays: Int = 90) -> Int {
        var counts: [Int] = []
        for ray in 0..<rays {
            var previous: Bool?
            var changes = 0
            for r in band {
                let ring = smoothed[r]
                let bright = ring[(ray * ring.count) / rays] > threshold
                if let p = previous, p != bright { changes += 1 }
                previous = bright
            }
            counts.append(changes)
        }
        counts.sort()
        return counts[counts.count / 2]
    }

    /// σ of `values` robust to the few large ones (layer edges): 1.4826·MAD gives
    /// a first σ, then the RMS of the values within 3.5 of those σ. The second
    /// step matters for 8-bit data, where the MAD itself is a whole number.
    static func robustSigma(_ values: [Float]) -> Double {
        guard !values.isEmpty else { return 0 }
        let first = max(0.5, 1.4826 * Double(medianAbsolute(values)))
        let limit = 3.5 * first
        var sum = 0.0, n = 0
        for v in values where abs(Double(v)) <= limit { sum += Double(v) * Double(v); n += 1 }
        return n > 0 ? (sum / Double(n)).squareRoot() : first
    }

    /// ``fitCupping(u:intensity:weight:)`` once, then again without the rings whose
    /// level lies more than 4 robust σ off the first fit (a ring through a tab, a
    /// foil aliasing with the sampling, a buckle): beam hardening is smooth in r.
    static func robustCupping(u: [Double], intensity: [Double], weight: [Double]) -> Double {
        let first = fitCupping(u: u, intensity: intensity, weight: weight)
        guard first.isFinite, let i0 = fittedIntercept(u: u, intensity: intensity, weight: weight) else { return first }
        let residuals = u.indices.map { Float(intensity[$0] - i0 * (1 - first * u[$0])) }
        let sigma = 1.4826 * Double(medianAbsolute(residuals))
        guard sigma > 0 else { return first }
        let kept = u.indices.filter { abs(Double(residuals[$0])) <= 4 * sigma }
        guard kept.count >= 3, kept.count < u.count else { return first }
        return fitCupping(u: kept.map { u[$0] }, intensity: kept.map { intensity[$0] }, weight: kept.map { weight[$0] })
    }

    /// Weighted least-squares line `I = a + b·u`: (intercept a, slope b); nil when
    /// fewer than `minimum` points or no spread in u.
    static func weightedLine(u: [Double], intensity: [Double], weight: [Double], minimum: Int = 2) -> (intercept: Double, slope: Double)? {
        let sw = weight.reduce(0, +)
        guard u.count >= minimum, sw > 0 else { return nil }
        var mu = 0.0, mi = 0.0
        for k in u.indices { mu += weight[k] * u[k]; mi += weight[k] * intensity[k] }
        mu /= sw; mi /= sw
        var suu = 0.0, sui = 0.0
        for k in u.indices {
            suu += weight[k] * (u[k] - mu) * (u[k] - mu)
            sui += weight[k] * (u[k] - mu) * (intensity[k] - mi)
        }
        guard suu > 0 else { return nil }
        let slope = sui / suu
        return (mi - slope * mu, slope)
    }

    /// I₀ of the weighted line I = I₀ − (I₀·c)·u.
    static func fittedIntercept(u: [Double], intensity: [Double], weight: [Double]) -> Double? {
        weightedLine(u: u, intensity: intensity, weight: weight)?.intercept
    }

    /// Weighted least squares of I = I₀ − (I₀·c)·u; returns c = −slope / intercept.
    static func fitCupping(u: [Double], intensity: [Double], weight: [Double]) -> Double {
        guard let line = weightedLine(u: u, intensity: intensity, weight: weight, minimum: 3) else { return .nan }
        return line.intercept != 0 ? -line.slope / line.intercept : .nan
    }

    static func boxSmoothCircular(_ values: [Float], width: Int) -> [Float] {
        let n = values.count, half = width / 2
        guard n > width else { return values }
        var out = [Float](repeating: 0, count: n)
        var acc: Float = 0
        for k in -half...half { acc += values[(k + n) % n] }
        let scale = Float(2 * half + 1)
        var add = half + 1, remove = n - half   // indices entering and leaving the window after sample 0
        for k in 0..<n {
            out[k] = acc / scale
            acc += values[add] - values[remove]
            add += 1; if add == n { add = 0 }
            remove += 1; if remove == n { remove = 0 }
        }
        return out
    }

    static func medianAbsolute(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        if let m = integralMedianAbsolute(values) { return m }
        var a = values.map { abs($0) }
        let mid = a.count / 2
        // Selection, not a sort: after it a[..<mid] holds the smaller half, so the
        // lower middle of an even count is their maximum.
        let upper = OrderStatistic.select(&a, k: mid)
        guard a.count % 2 == 0 else { return upper }
        return (a[..<mid].max()! + upper) / 2
    }

    /// The same median by counting, when every value is a whole number below 2¹⁶ in
    /// magnitude (differences of 8- and 16-bit pixels): one pass, no reordering.
    /// nil for other values.
    static func integralMedianAbsolute(_ values: [Float]) -> Float? {
        var counts = [Int](repeating: 0, count: 65_536)
        let fits = counts.withUnsafeMutableBufferPointer { c in
            for v in values {
                let m = abs(v)
                guard m < 65_536, Float(Int32(m)) == m else { return false }
                c[Int(m)] += 1
            }
            return true
        }
        guard fits else { return nil }
        // The k-th smallest (0-based) by walking the cumulative counts.
        func kth(_ k: Int) -> Float {
            var seen = 0
            for (value, n) in counts.enumerated() {
                seen += n
                if seen > k { return Float(value) }
            }
            return Float(counts.count - 1)
        }
        let mid = values.count / 2
        return values.count % 2 == 1 ? kth(mid) : (kth(mid - 1) + kth(mid)) / 2
    }

    /// Otsu's threshold (`Threshold.otsu`) of a list of values.
    static func otsu(_ values: [Float]) -> Float {
        Threshold.otsu(GrayImage(width: values.count, height: 1, pixels: values))
    }
}
