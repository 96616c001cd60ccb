import Imaging

/// The electrode layers found across a section in its layer body: the rows just
/// inside the roll, where every layer is present.
///
/// Method: the body rows are averaged into one radial profile `P`.
/// 1. **Cathodes** (metal-oxide coating: the brightest, widest layers). `P` is
///    smoothed with a 3-tap box; its local maxima standing at least
///    `prominence · (P₉₉ − P₁)` above the higher of the two minima within
///    `window` pixels either side are candidates; of candidates closer than
///    `minSeparation` only the highest stays, and those brighter than 1.6× the
///    median candidate (can wall, tabs) are dropped. The candidates split into two
///    grey-level classes by 1-D two-means; when the classes differ by less than
///    12 % of the brighter, all candidates are cathodes (the thin anode lines
///    often do not survive the smoothing), else the brighter class is.
/// 2. **Anodes** (graphite around a copper foil: a thin line, darker than the
///    cathode) lie between neighbouring cathodes: where two cathodes are at most
///    1.5 median cathode spacings apart, the anode is the brightest pixel of the
///    unsmoothed `P` in the middle half between them. On the open side of a
///    cathode (no cathode within 1.5 pitches: toward the mandrel or the can) an
///    anode is taken at the brightest pixel of the same relative band when it is
///    at least ¾ of the way from the separator to the anode level and below the
///    anode–cathode half level (brighter is the can wall).
/// Levels are medians: cathode peaks, anode peaks, and the separator = the minima
/// of `P` between each anode and its cathodes.
struct LayerProfile {
    var values: [Float]
    var cathodes: [Int]
    var anodes: [Int]
    var cathodeLevel: Float
    var anodeLevel: Float
    var separatorLevel: Float
    /// Median distance between neighbouring cathodes (the winding pitch as seen in the section).
    var pitch: Double

    init?(image: GrayImage, rows: Range<Int>, prominence: Float, window: Int, minSeparation: Int) {
        let w = image.width
        guard w > 2 * window + 2, !rows.isEmpty else { return nil }
        var raw = [Float](repeating: 0, count: w)
        for r in rows { for c in 0..<w { raw[c] += image[r, c] } }
        for c in 0..<w { raw[c] /= Float(rows.count) }
        var p = raw
        for c in 1..<(w - 1) { p[c] = (raw[c - 1] + raw[c] + raw[c + 1]) / 3 }
        values = raw
        let sorted = p.sorted()
        let range = sorted[min(w - 1, w * 99 / 100)] - sorted[w / 100]
        let minProminence = prominence * range
        guard minProminence > 0 else { return nil }

        var peaks: [Int] = []
        for c in window..<(w - window) where p[c] > p[c - 1] && p[c] >= p[c + 1] {
            let left = p[(c - window)...c].min()!, right = p[c...(c + window)].min()!
            if p[c] - max(left, right) >= minProminence { peaks.append(c) }
        }
        var kept: [Int] = []
        for c in peaks.sorted(by: { p[$0] > p[$1] }) where kept.allSatisfy({ abs($0 - c) >= minSeparation }) {
            kept.append(c)
        }
        guard kept.count >= 2 else { return nil }
        let median = kept.map { p[$0] }.sorted()[kept.count / 2]
        kept = kept.filter { p[$0] <= 1.6 * median }.sorted()
        guard kept.count >= 2 else { return nil }

        let heights = kept.map { p[$0] }
        var lo = heights.min()!, hi = heights.max()!
        for _ in 0..<20 {
            let split = (lo + hi) / 2
            let a = heights.filter { $0 < split }, b = heights.filter { $0 >= split }
            guard !a.isEmpty, !b.isEmpty else { break }
            lo = a.reduce(0, +) / Float(a.count)
            hi = b.reduce(0, +) / Float(b.count)
        }
        let cathodes = hi - lo < 0.12 * hi ? kept : kept.filter { p[$0] >= (lo + hi) / 2 }
        guard cathodes.count >= 2 else { return nil }
        let gaps = zip(cathodes, cathodes.dropFirst()).map { Double($1 - $0) }
        let pitch = gaps.sorted()[gaps.count / 2]

        func brightest(in lower: Double, _ upper: Double) -> Int? {
            let a = max(0, Int(lower.rounded(.up))), b = min(w - 1, Int(upper.rounded(.down)))
            guard a <= b else { return nil }
            return (a...b).max { raw[$0] < raw[$1] }
        }
        var anodes: [Int] = []
        var minima: [Float] = []
        for (a, b) in zip(cathodes, cathodes.dropFirst()) where Double(b - a) <= 1.5 * pitch {
            let d = Double(b - a)
            if let m = brightest(in: Double(a) + d / 4, Double(b) - d / 4) {
                anodes.append(m)
                minima.append(raw[a...m].min()!)
                minima.append(raw[m...b].min()!)
            }
        }
        guard !anodes.isEmpty else { return nil }
        let cathodeLevel = Self.median(cathodes.map { raw[$0] })
        let anodeLevel = Self.median(anodes.map { raw[$0] })
        let separatorLevel = Self.median(minima)
        // Anodes on the open side of a cathode (next to the mandrel or the can), when bright enough.
        let floor = separatorLevel + 0.75 * (anodeLevel - separatorLevel), ceiling = (anodeLevel + cathodeLevel) / 2
        for (i, c) in cathodes.enumerated() {
            let openLeft = i == 0 || Double(c - cathodes[i - 1]) > 1.5 * pitch
            let openRight = i == cathodes.count - 1 || Double(cathodes[i + 1] - c) > 1.5 * pitch
            if openLeft, let m = brightest(in: Double(c) - 3 * pitch / 4, Double(c) - pitch / 4),
               raw[m] >= floor, raw[m] <= ceiling {
                anodes.append(m)
            }
            if openRight, let m = brightest(in: Double(c) + pitch / 4, Double(c) + 3 * pitch / 4),
               raw[m] >= floor, raw[m] <= ceiling {
                anodes.append(m)
            }
        }
        self.cathodes = cathodes
        self.anodes = anodes.sorted()
        self.cathodeLevel = cathodeLevel
        self.anodeLevel = anodeLevel
        self.separatorLevel = separatorLevel
        self.pitch = pitch
    }

    static func median(_ v: [Float]) -> Float {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
