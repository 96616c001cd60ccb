/// Global grey-value thresholds: a fixed cut-off or one chosen by Otsu's method.
///
/// Foreground is `value > threshold`, as `im > 100` in the reference notebooks and as
/// scikit-image's convention for `threshold_otsu` (`image > threshold_otsu(image)`).
public enum Threshold {
    /// `image > threshold`, pixel by pixel.
    public static func mask(_ image: GrayImage, above threshold: Float) -> Mask {
        var out = [Bool](repeating: false, count: image.count)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count { dst[i] = src[i] > threshold }
            }
        }
        return Mask(width: image.width, height: image.height, pixels: out)
    }

    /// How Otsu's histogram is binned, mirroring scikit-image's `histogram`.
    public enum OtsuBinning: Sendable, Equatable {
        /// One bin per integer value from min to max (scikit-image on an integer
        /// array: `_bincount_histogram`, which ignores `nbins`). Right for 8/16-bit scans.
        case integer
        /// `count` equal bins over [min, max], values at the bin centres
        /// (scikit-image on a float array: `np.histogram(image, nbins, range=(min, max))`).
        case uniform(count: Int)
        /// `.integer` when every pixel is a whole number and the range spans at most
        /// 65 536 values (an integer scan converted to Float), else `.uniform(256)`.
        case automatic
    }

    /// Otsu's threshold as scikit-image `threshold_otsu(image, nbins=256)`:
    /// build the histogram (see `OtsuBinning`), then for every split between bin `i`
    /// and `i+1` the between-class variance `w1·w2·(m1 - m2)²` (w = cumulative counts,
    /// m = cumulative means from either end); the threshold is the centre of the bin
    /// `i` that maximises it (first maximum on ties, as `np.argmax`).
    /// A constant image returns its value.
    public static func otsu(_ image: GrayImage, binning: OtsuBinning = .automatic) -> Float {
        precondition(image.count > 0, "Otsu threshold of an empty image")
        let (lo, hi) = valueRange(image.pixels)
        if lo == hi { return lo }
        switch binning {
        case .integer:
            return integerOtsu(image.pixels, lo: lo, hi: hi, requireWholeNumbers: false)!
        case .uniform(let n):
            return uniformOtsu(image.pixels, lo: lo, hi: hi, bins: max(1, n))
        case .automatic:
            return integerOtsu(image.pixels, lo: lo, hi: hi, requireWholeNumbers: true)
                ?? uniformOtsu(image.pixels, lo: lo, hi: hi, bins: 256)
        }
    }

    /// Smallest and largest value, eight at a time.
    static func valueRange(_ values: [Float]) -> (lo: Float, hi: Float) {
        values.withUnsafeBufferPointer { px in
            var lo8 = SIMD8<Float>(repeating: .infinity), hi8 = SIMD8<Float>(repeating: -.infinity)
            let blocks = px.count / 8
            let raw = UnsafeRawPointer(px.baseAddress!)
            for b in 0..<blocks {
                let v = raw.loadUnaligned(fromByteOffset: 32 * b, as: SIMD8<Float>.self)
                lo8.replace(with: v, where: v .< lo8)
                hi8.replace(with: v, where: v .> hi8)
            }
            var lo = lo8.min(), hi = hi8.max()
            for v in px[(8 * blocks)...] {
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
            return (lo, hi)
        }
    }

    /// One bin per integer value from `lo` to `hi`; nil when the range is too wide
    /// or (`requireWholeNumbers`) some value is not a whole number.
    static func integerOtsu(_ values: [Float], lo: Float, hi: Float, requireWholeNumbers: Bool) -> Float? {
        guard hi - lo < 65_536, lo >= -2_147_483_648, hi < 2_147_483_648 else { return nil }
        // Bins by truncation toward zero, monotone, so every value lands in base ... Int(hi).
        // Smoothed or calibrated values fail on their first sample: say so before
        // clearing up to a megabyte of counters.
        if requireWholeNumbers, values.prefix(64).contains(where: { $0 != $0.rounded(.towardZero) }) { return nil }
        let base = Int(lo)
        let n = Int(hi) - base + 1
        // Integer counts: a run of equal pixels (air, saturated steel) then costs one
        // integer add each, not a chain of dependent floating-point adds. On a narrow
        // range (8-bit) four interleaved tallies, so neighbouring equal pixels do not
        // wait on each other's increment of the same counter; on a wide one (16-bit)
        // one, which stays in the cache.
        let ways = n <= 4096 ? 4 : 1
        var tally = [Int32](repeating: 0, count: ways * n)
        let whole = values.withUnsafeBufferPointer { px in
            tally.withUnsafeMutableBufferPointer { c in
                let count = px.count, quads = count / 4
                let stride = ways == 4 ? n : 0
                let counter = c.baseAddress! - base
                var whole = true
                for q in 0..<quads {
                    let i = 4 * q
                    let a = Int32(px[i]), b = Int32(px[i + 1]), d = Int32(px[i + 2]), e = Int32(px[i + 3])
                    whole = whole && Float(a) == px[i] && Float(b) == px[i + 1] && Float(d) == px[i + 2] && Float(e) == px[i + 3]
                    if requireWholeNumbers && !whole { return false }
                    counter[Int(a)] += 1
                    counter[stride + Int(b)] += 1
                    counter[2 * stride + Int(d)] += 1
                    counter[3 * stride + Int(e)] += 1
                }
                for i in (4 * quads)..<count {
                    let a = Int32(px[i])
                    whole = whole && Float(a) == px[i]
                    counter[Int(a)] += 1
                }
                return whole
            }
        }
        if requireWholeNumbers && !whole { return nil }
        var counts = [Double](repeating: 0, count: n)
        for k in 0..<n { counts[k] = Double((0..<ways).reduce(0) { $0 + Int(tally[$1 * n + k]) }) }
        let exact = Double(values.count) * Double(max(abs(lo), abs(hi))) < 9.007e15  // 2⁵³
        if Float(base) == lo && exact { return Float(otsuWholeBinCentre(counts: counts, first: Double(base))) }
        return Float(otsuBinCentre(counts: counts, centres: (0..<n).map { Double(lo) + Double($0) }))
    }

    /// numpy.histogram: edges linspace(lo, hi, n+1); the last bin is closed.
    static func uniformOtsu(_ values: [Float], lo: Float, hi: Float, bins n: Int) -> Float {
        let width = (Double(hi) - Double(lo)) / Double(n)
        // Four interleaved tallies: smooth data puts neighbours in the same bin, and
        // one counter would make each increment wait on the last.
        var tally = [Int](repeating: 0, count: 4 * n)
        let l = Double(lo), scale = Double(n) / (Double(hi) - Double(lo))
        values.withUnsafeBufferPointer { px in
            tally.withUnsafeMutableBufferPointer { c in
                @inline(__always) func bin(_ v: Float) -> Int { min(n - 1, Int((Double(v) - l) * scale)) }
                let count = px.count, quads = count / 4
                for q in 0..<quads {
                    let i = 4 * q
                    c[bin(px[i])] += 1
                    c[n + bin(px[i + 1])] += 1
                    c[2 * n + bin(px[i + 2])] += 1
                    c[3 * n + bin(px[i + 3])] += 1
                }
                for i in (4 * quads)..<count { c[bin(px[i])] += 1 }
            }
        }
        let counts = (0..<n).map { Double(tally[$0] + tally[n + $0] + tally[2 * n + $0] + tally[3 * n + $0]) }
        return Float(otsuBinCentre(counts: counts, centres: (0..<n).map { Double(lo) + (Double($0) + 0.5) * width }))
    }

    /// `otsuBinCentre` for bins centred on consecutive whole numbers from `first`:
    /// every cumulative count and sum is then a whole number below 2⁵³, exact in
    /// Double, so the upper class follows from the totals in the same pass with the
    /// very values the two-sided accumulation gives. Empty bins are skipped: a split
    /// after one scores the same as the split before it, which wins the tie.
    static func otsuWholeBinCentre(counts: [Double], first: Double) -> Double {
        let n = counts.count
        guard n > 1 else { return first }
        var totalW = 0.0, totalM = 0.0
        for i in 0..<n { totalW += counts[i]; totalM += counts[i] * (first + Double(i)) }
        var cw = 0.0, cm = 0.0
        var best = -Double.infinity, bestIndex = 0
        for i in 0..<(n - 1) where counts[i] > 0 {
            cw += counts[i]; cm += counts[i] * (first + Double(i))
            let w2 = totalW - cw
            let d = cm / cw - (totalM - cm) / w2
            let v = cw * w2 * d * d
            if v > best { best = v; bestIndex = i }
        }
        return first + Double(bestIndex)
    }

    /// The Otsu split on a histogram: the centre of the bin maximising between-class
    /// variance, from cumulative counts and means taken from either end.
    static func otsuBinCentre(counts: [Double], centres: [Double]) -> Double {
        let n = counts.count
        guard n > 1 else { return centres.first ?? 0 }
        var w1 = [Double](repeating: 0, count: n), m1 = [Double](repeating: 0, count: n)
        var w2 = [Double](repeating: 0, count: n), m2 = [Double](repeating: 0, count: n)
        var cw = 0.0, cm = 0.0
        for i in 0..<n {
            cw += counts[i]; cm += counts[i] * centres[i]
            w1[i] = cw; m1[i] = cm / cw
        }
        cw = 0; cm = 0
        for i in stride(from: n - 1, through: 0, by: -1) {
            cw += counts[i]; cm += counts[i] * centres[i]
            w2[i] = cw; m2[i] = cm / cw
        }
        var best = -Double.infinity, bestIndex = 0
        for i in 0..<(n - 1) {
            let d = m1[i] - m2[i + 1]
            let v = w1[i] * w2[i + 1] * d * d
            // Both sides always hold the min or max pixel, so no class is empty (no NaN).
            if v > best { best = v; bestIndex = i }
        }
        return centres[bestIndex]
    }
}
