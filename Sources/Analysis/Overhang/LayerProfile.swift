import Imaging

/// The electrode layers found across a section in its layer body: the rows just
/// inside the roll, where every layer is present.
///
/// Method: the body rows are averaged into one radial profile, smoothed with a
/// 3-tap box. Its local maxima that stand at least `minProminence` grey levels
/// above the lower of the two minima within `window` pixels on either side are
/// layer candidates; of peaks closer than `minSeparation` only the highest stays.
/// Peaks brighter than 1.6× the median peak (the can wall, tabs) are dropped. The
/// rest split into two grey-level classes by 1-D two-means: the brighter class is
/// cathode (metal-oxide coating), the darker anode (graphite around a copper foil,
/// which shows as a thin line). The two classes must differ by at least
/// `minProminence`, else the section shows no layers.
struct LayerProfile {
    var values: [Float]
    var cathodes: [Int]
    var anodes: [Int]
    var cathodeLevel: Float
    var anodeLevel: Float
    /// Median of the minima between neighbouring layers.
    var separatorLevel: Float
    /// Median distance between neighbouring layer peaks (half the winding pitch).
    var spacing: Double

    init?(image: GrayImage, rows: Range<Int>, minProminence: Float, window: Int, minSeparation: Int) {
        let w = image.width
        guard w > 2 * window + 2, !rows.isEmpty else { return nil }
        var mean = [Float](repeating: 0, count: w)
        for r in rows { for c in 0..<w { mean[c] += image[r, c] } }
        for c in 0..<w { mean[c] /= Float(rows.count) }
        var p = mean
        for c in 1..<(w - 1) { p[c] = (mean[c - 1] + mean[c] + mean[c + 1]) / 3 }
        values = p

        var peaks: [Int] = []
        for c in window..<(w - window) where p[c] > p[c - 1] && p[c] >= p[c + 1] {
            let left = p[(c - window)...c].min()!, right = p[c...(c + window)].min()!
            if p[c] - max(left, right) >= minProminence { peaks.append(c) }
        }
        // Non-maximum suppression: highest first.
        var kept: [Int] = []
        for c in peaks.sorted(by: { p[$0] > p[$1] }) where kept.allSatisfy({ abs($0 - c) >= minSeparation }) {
            kept.append(c)
        }
        guard kept.count >= 3 else { return nil }
        let median = kept.map { p[$0] }.sorted()[kept.count / 2]
        kept = kept.filter { p[$0] <= 1.6 * median }.sorted()
        guard kept.count >= 3 else { return nil }

        // Two-means on peak heights.
        let heights = kept.map { p[$0] }
        var lo = heights.min()!, hi = heights.max()!
        for _ in 0..<20 {
            let split = (lo + hi) / 2
            let a = heights.filter { $0 < split }, b = heights.filter { $0 >= split }
            guard !a.isEmpty, !b.isEmpty else { break }
            lo = a.reduce(0, +) / Float(a.count)
            hi = b.reduce(0, +) / Float(b.count)
        }
        guard hi - lo >= minProminence else { return nil }
        let split = (lo + hi) / 2
        cathodes = kept.filter { p[$0] >= split }
        anodes = kept.filter { p[$0] < split }
        guard !cathodes.isEmpty, !anodes.isEmpty else { return nil }
        cathodeLevel = Self.median(cathodes.map { p[$0] })
        anodeLevel = Self.median(anodes.map { p[$0] })
        var minima: [Float] = [], gaps: [Double] = []
        for (a, b) in zip(kept, kept.dropFirst()) {
            minima.append(p[a...b].min()!)
            gaps.append(Double(b - a))
        }
        separatorLevel = Self.median(minima)
        spacing = gaps.sorted()[gaps.count / 2]
    }

    static func median(_ v: [Float]) -> Float {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
