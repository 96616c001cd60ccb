/// Otsu's threshold of a set of grey values, as scikit-image `threshold_otsu(values,
/// nbins=256)`: a 256-bin histogram over [min, max]; the returned threshold is the
/// centre of the bin that maximises the between-class variance (the first such bin).
enum OtsuThreshold {
    static func of(_ values: [Float], bins: Int = 256) -> Float? {
        guard let lo = values.min(), let hi = values.max(), hi > lo else { return nil }
        var histogram = [Double](repeating: 0, count: bins)
        let scale = Double(bins) / Double(hi - lo)
        for v in values {
            histogram[min(bins - 1, Int(Double(v - lo) * scale))] += 1
        }
        let width = Double(hi - lo) / Double(bins)
        let centres = (0..<bins).map { Double(lo) + (Double($0) + 0.5) * width }
        // Class weights and means for every split "bins 0…i | i+1…".
        var w1 = 0.0, s1 = 0.0
        let total = histogram.reduce(0, +), sum = zip(histogram, centres).reduce(0) { $0 + $1.0 * $1.1 }
        var best = -1.0, bestIndex = 0
        for i in 0..<(bins - 1) {
            w1 += histogram[i]
            s1 += histogram[i] * centres[i]
            let w2 = total - w1
            guard w1 > 0, w2 > 0 else { continue }
            let m1 = s1 / w1, m2 = (sum - s1) / w2
            let between = w1 * w2 * (m1 - m2) * (m1 - m2)
            if between > best { best = between; bestIndex = i }
        }
        return Float(centres[bestIndex])
    }
}
