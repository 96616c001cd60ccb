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
        var lo = Float.infinity, hi = -Float.infinity, allIntegral = true
        image.pixels.withUnsafeBufferPointer { px in
            for v in px {
                if v < lo { lo = v }
                if v > hi { hi = v }
                if allIntegral && !isIntegral(v) { allIntegral = false }
            }
        }
        if lo == hi { return lo }
        var binCount = 0  // 0 = one bin per integer value
        switch binning {
        case .integer: binCount = 0
        case .uniform(let n): binCount = max(1, n)
        case .automatic: binCount = (allIntegral && hi - lo < 65_536) ? 0 : 256
        }
        var counts: [Double]
        var centres: [Double]
        if binCount == 0 {
            let n = Int(hi - lo) + 1
            // Integer counts: a run of equal pixels (air, saturated steel) then costs one
            // integer add each, not a chain of dependent floating-point adds.
            // Four interleaved tallies, so neighbouring equal pixels do not wait on each
            // other's increment of the same counter.
            var tally = [Int32](repeating: 0, count: 4 * n)
            centres = (0..<n).map { Double(lo) + Double($0) }
            let base = Int(lo)
            image.pixels.withUnsafeBufferPointer { px in
                tally.withUnsafeMutableBufferPointer { c in
                    let count = px.count, quads = count / 4
                    for q in 0..<quads {
                        let i = 4 * q
                        c[Int(px[i]) - base] += 1
                        c[n + Int(px[i + 1]) - base] += 1
                        c[2 * n + Int(px[i + 2]) - base] += 1
                        c[3 * n + Int(px[i + 3]) - base] += 1
                    }
                    for i in (4 * quads)..<count { c[Int(px[i]) - base] += 1 }
                }
            }
            counts = (0..<n).map { Double(Int(tally[$0]) + Int(tally[n + $0]) + Int(tally[2 * n + $0]) + Int(tally[3 * n + $0])) }
        } else {
            let n = binCount
            // numpy.histogram: edges linspace(lo, hi, n+1); the last bin is closed.
            let width = (Double(hi) - Double(lo)) / Double(n)
            var tally = [Int](repeating: 0, count: n)
            centres = (0..<n).map { Double(lo) + (Double($0) + 0.5) * width }
            let l = Double(lo), scale = Double(n) / (Double(hi) - Double(lo))
            image.pixels.withUnsafeBufferPointer { px in
                tally.withUnsafeMutableBufferPointer { c in
                    for v in px {
                        var b = Int((Double(v) - l) * scale)
                        if b >= n { b = n - 1 }
                        c[b] += 1
                    }
                }
            }
            counts = tally.map(Double.init)
        }
        return Float(otsuBinCentre(counts: counts, centres: centres))
    }

    /// The Otsu split on a histogram: the centre of the bin maximising between-class variance.
    /// `v.rounded(.towardZero) == v` without a libm call per pixel (x86-64 baseline has
    /// no rounding instruction): every finite Float of magnitude ≥ 2²³ is a whole number.
    @inline(__always)
    static func isIntegral(_ v: Float) -> Bool {
        if abs(v) < 8_388_608 { return Float(Int32(v)) == v }
        return v.isFinite
    }

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
