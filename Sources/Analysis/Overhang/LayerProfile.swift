import Imaging

/// The electrode layers found across a section in its layer body: the rows just
/// inside the roll, where every layer is present, as two interleaved families, the
/// **brighter** and the **dimmer**. Which family is the anode is not decided here
/// (it is not the grey level: an LFP cathode or a coarse voxel dominated by the
/// anode's copper foil turns it round), but by ``AnodeIdentification`` from
/// where the layers end.
///
/// Method: the body rows are averaged into one radial profile `P`.
/// 1. **Brighter layers** (on `cell_vol` the cathode's metal-oxide coating: the
///    brightest, widest layers). `P` is smoothed with a 3-tap box; its local maxima
///    standing at least `prominence · (P₉₉ − P₁)` above the higher of the two minima
///    within `window` pixels either side are candidates. Highest first, a candidate
///    is kept when it is at least `minSeparation` from every kept one and the
///    profile between it and its nearest kept neighbour on each side dips by at
///    least that prominence below it (else both are noise maxima on the plateau
///    of one layer wider than the window: 6 px at 0.019 mm). The outermost candidate on
///    either side when still bright at the outer face (`outerRows`: above halfway from
///    the profile's floor to its body level, where every layer has ended: the can wall,
///    clipped or not) and those brighter than 1.6× the median candidate (can wall,
///    tabs) are dropped. The candidates split into two
///    grey-level classes by 1-D two-means on the levels of their **strips**, not of
///    their peaks (``stripLevel(_:smoothed:at:among:floor:rise:)``: the median over the
///    layer out to its separators): a layer is a coating with its foil inside it, and
///    at fine voxels a copper foil lifts one pixel of a dim anode to about twice its
///    coating, so that its peak read within 12 % of the cathode's and the two families
///    merged. When the classes differ by less than
///    12 % of the brighter, all candidates are the brighter family (the thin lines
///    of the dimmer one often do not survive the smoothing), else the brighter class is.
/// 2. **Dimmer layers** (on `cell_vol` graphite around a copper foil: a thin line)
///    lie between neighbouring brighter layers: where two are at most
///    1.5 median spacings (``pitch``) apart, the dimmer layer is the brightest pixel of the
///    unsmoothed `P` in the middle half between them. On the open side of a
///    brighter layer (none other within 1.5 pitches: toward the mandrel or the can) a
///    dimmer one is taken at the brightest pixel of the same relative band when it is
///    at least ¾ of the way from the separator to the dimmer level and below the
///    dimmer–brighter half level (brighter is the can wall).
/// Levels are medians: brighter peaks, dimmer peaks, and the separator = the minima
/// of `P` between each dimmer layer and its brighter neighbours.
/// 3. **Centres and widths**: each layer's position is then moved to the middle of
///    its half-height extent in the unsmoothed `P` (walking out from it to the
///    first pixel below `(separator + layer level)/2` on each side, crossings
///    interpolated; at most ½ pitch wide), so tracks start on the plateau's centre,
///    not at its edge. For a dimmer layer the walk starts from the brightest pixel within
///    ¼ pitch that is no brighter than the dimmer–brighter half level and whose walk
///    meets no such brighter pixel: a partial-volume pixel on a brighter layer's edge reads
///    like a dimmer layer but runs into the brighter one. A layer whose extent cannot be
///    measured (no separator dip, as in blurred thin layers) keeps its position;
///    a dimmer pixel that then is not a local maximum of `P` (a partial-volume
///    pixel on the slope of a brighter layer's edge, where no layer is) is dropped.
///    The median extents are the brighter and dimmer widths (``brighterWidth``,
///    ``dimmerWidth``), from which the trackers' box widths follow.
struct LayerProfile {
    var values: [Float]
    var brighter: [Int]
    var dimmer: [Int]
    var brighterLevel: Float
    var dimmerLevel: Float
    var separatorLevel: Float
    /// Median distance between neighbouring brighter layers (the winding pitch as seen
    /// in the section); the lower median when their number is even.
    var pitch: Double
    /// Median full width at half height of the brighter and of the dimmer layers (pixels).
    var brighterWidth: Double
    var dimmerWidth: Double
    /// Half-widths of the layers' cores (``coreHalfWidth(_:)``): the boxes the
    /// tracks follow and measure their levels with.
    var brighterCore: Int { max(1, Self.coreHalfWidth(brighterWidth)) }
    var dimmerCore: Int { Self.coreHalfWidth(dimmerWidth) }

    /// - Parameter outerRows: rows at the outer face (the head space above the roll end),
    ///   where a layer has ended and the can wall has not; nil = no such rows.
    init?(image: GrayImage, rows: Range<Int>, outerRows: Range<Int>? = nil, prominence: Float, window: Int,
          minSeparation: Int) {
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
        // Highest first; a lower peak joins a kept one when the profile between them
        // never dips by `minProminence` (two noise maxima on one wide layer's plateau).
        var kept: [Int] = []
        for c in peaks.sorted(by: { p[$0] > p[$1] }) where kept.allSatisfy({ abs($0 - c) >= minSeparation }) {
            let left = kept.filter { $0 < c }.max(), right = kept.filter { $0 > c }.min()
            let joins = [left, right].compactMap { $0 }.contains { k in
                p[min(k, c)...max(k, c)].min()! > p[c] - minProminence
            }
            if !joins { kept.append(c) }
        }
        // The can wall, the outermost candidate on either side, runs through the whole
        // end region: at the outer face it is still brighter than halfway from the
        // profile's floor (air) to its body level, where every layer has ended. The
        // level rule below misses a can clipped by the detector (16-bit: 1.4× the
        // cathode), which then split off as the brighter class.
        if let outerRows, !outerRows.isEmpty, kept.count > 2 {
            let outer = Self.smoothedMean(image, rows: outerRows)
            let floor = sorted[w / 100]
            let outermost = [kept.min()!, kept.max()!]
            kept.removeAll { outermost.contains($0) && outer[$0] >= (p[$0] + floor) / 2 }
        }
        guard kept.count >= 2 else { return nil }
        let median = kept.map { p[$0] }.sorted()[kept.count / 2]
        kept = kept.filter { p[$0] <= 1.6 * median }.sorted()
        guard kept.count >= 2 else { return nil }

        // Classified by the level of each candidate's strip where the strips show two
        // interleaved families, else by peak height: a layer is a coating with its foil
        // inside it, and at fine voxels a copper foil lifts one pixel of a dim anode
        // coating to ≈ 2× the coating, so that its smoothed peak reads within 12 % of the
        // cathode's (the two families merged into one) or, in some sections, above it
        // (the families swapped there against the others of the cell) (``stripLevel``).
        // A strip ends at the separator, or where the profile rises out of the noise into
        // the next layer: by 4 standard errors of `P` (pixel noise σ/√rows), or by a
        // quarter of the least peak height on a noise-free image. Strips are read only
        // where one can hold a foil apart from its coating: two coating pixels on each
        // side of it (as ``CopperFoilCue``), a reach of 2, a quarter of a 7 px gap rounded.
        var byStrips: [Int]? = nil
        let peakGaps = zip(kept, kept.dropFirst()).map { $1 - $0 }.sorted()
        if peakGaps[(peakGaps.count - 1) / 2] >= 7 {
            let se = CopperFoilCue.SectionTally.pixelNoise(image, rows: rows) / Float(rows.count).squareRoot()
            let separatorFloor = Self.lowestBetween(p, peaks: kept), rise = max(4 * se, minProminence / 4)
            let strips = kept.map {
                Self.stripLevel(raw, smoothed: p, at: $0, among: kept, floor: separatorFloor, rise: rise)
            }
            // Only two interleaved families: the strips of one family alone (the dimmer
            // lines lost in the smoothing) split by noise or an edge, not alternately.
            byStrips = Self.brighterClass(kept, levels: strips).flatMap {
                Self.alternates($0, in: kept) && Self.wellSeparated($0, in: kept, levels: strips) ? $0 : nil
            }
        }
        let byLevel = byStrips ?? Self.brighterClass(kept, levels: kept.map { p[$0] })
        let brighter = byLevel ?? kept
        guard brighter.count >= 2 else { return nil }
        let gaps = zip(brighter, brighter.dropFirst()).map { Double($1 - $0) }
        // Lower median: one of the gaps is the mandrel's, which must not be the pitch
        // when there are only two (a small roll or a narrow section).
        let pitch = gaps.sorted()[(gaps.count - 1) / 2]

        func brightest(in lower: Double, _ upper: Double) -> Int? {
            let a = max(0, Int(lower.rounded(.up))), b = min(w - 1, Int(upper.rounded(.down)))
            guard a <= b else { return nil }
            return (a...b).max { raw[$0] < raw[$1] }
        }
        var dimmer: [Int] = []
        var minima: [Float] = []
        for (a, b) in zip(brighter, brighter.dropFirst()) where Double(b - a) <= 1.5 * pitch {
            let d = Double(b - a)
            if let m = brightest(in: Double(a) + d / 4, Double(b) - d / 4) {
                dimmer.append(m)
                minima.append(raw[a...m].min()!)
                minima.append(raw[m...b].min()!)
            }
        }
        guard !dimmer.isEmpty else { return nil }
        let brighterLevel = Self.median(brighter.map { raw[$0] })
        let dimmerLevel = Self.median(dimmer.map { raw[$0] })
        let separatorLevel = Self.median(minima)
        // Dimmer layers on the open side of a brighter one (next to the mandrel or the can), when bright enough.
        let floor = separatorLevel + 0.75 * (dimmerLevel - separatorLevel), ceiling = (dimmerLevel + brighterLevel) / 2
        for (i, c) in brighter.enumerated() {
            let openLeft = i == 0 || Double(c - brighter[i - 1]) > 1.5 * pitch
            let openRight = i == brighter.count - 1 || Double(brighter[i + 1] - c) > 1.5 * pitch
            if openLeft, let m = brightest(in: Double(c) - 3 * pitch / 4, Double(c) - pitch / 4),
               raw[m] >= floor, raw[m] <= ceiling {
                dimmer.append(m)
            }
            if openRight, let m = brightest(in: Double(c) + pitch / 4, Double(c) + 3 * pitch / 4),
               raw[m] >= floor, raw[m] <= ceiling {
                dimmer.append(m)
            }
        }
        // Every position moved to the middle of its layer's half-height extent: on a
        // layer several pixels wide the smoothed peak or the brightest pixel can sit
        // anywhere on the plateau, or be a partial-volume pixel at a brighter layer's edge,
        // and a track started there slips onto the separator or the brighter layer.
        let limit = pitch / 2
        let brighterExtents = brighter.map {
            Self.halfHeightExtent(raw, $0, low: separatorLevel, high: brighterLevel, ceiling: .infinity, maxWidth: limit)
        }
        let dimmerExtents = dimmer.map { m -> (left: Double, right: Double)? in
            // The brightest pixel of the dimmer layer's band that lies on its plateau
            // bounded by separator on both sides (not a brighter layer's edge).
            let band = max(0, m - Int(limit / 2))...min(w - 1, m + Int(limit / 2))
            for c in band.filter({ raw[$0] <= ceiling }).sorted(by: { raw[$0] > raw[$1] }) {
                if let e = Self.halfHeightExtent(raw, c, low: separatorLevel, high: dimmerLevel,
                                                 ceiling: ceiling, maxWidth: limit) { return e }
            }
            return nil
        }
        func centre(_ e: (left: Double, right: Double)?, else c: Int) -> Int {
            e.map { Int((($0.left + $0.right) / 2).rounded()) } ?? c
        }
        func medianWidth(_ extents: [(left: Double, right: Double)?]) -> Double {
            let widths = extents.compactMap { $0.map { $0.right - $0.left } }.sorted()
            return widths.isEmpty ? 1 : widths[widths.count / 2]
        }
        // A dimmer layer without a measurable extent stays where it was found only when that
        // pixel is a local maximum (a thin line in blurred data); on a slope it is the
        // edge of a brighter layer with none beside it, and is dropped.
        func isLocalMaximum(_ m: Int) -> Bool { (m == 0 || raw[m] >= raw[m - 1]) && (m == w - 1 || raw[m] >= raw[m + 1]) }
        self.brighter = zip(brighterExtents, brighter).map { centre($0, else: $1) }
        // Two band searches can settle on one plateau: one layer each.
        self.dimmer = Set(zip(dimmerExtents, dimmer).filter { $0 != nil || isLocalMaximum($1) }.map { centre($0, else: $1) }).sorted()
        guard !self.dimmer.isEmpty else { return nil }
        let brighterWidth = medianWidth(brighterExtents), dimmerWidth = medianWidth(dimmerExtents)
        self.brighterWidth = brighterWidth
        self.dimmerWidth = dimmerWidth
        self.brighterLevel = brighterLevel
        self.dimmerLevel = dimmerLevel
        self.separatorLevel = separatorLevel
        self.pitch = pitch
    }

    /// Half-width `h` of the core of a layer `width` pixels wide: the `2h + 1` pixels
    /// that fit inside its plateau with at least half a pixel to spare on each side
    /// (`h = ⌊(width − 2)/2⌋`, at least 0): 0 for the 2–3 px layers of a 0.034 mm
    /// scan, 1 for 4 px, 2 for the 6 px layers of a 0.019 mm scan.
    static func coreHalfWidth(_ width: Double) -> Int {
        max(0, Int(((width - 2) / 2).rounded(.down)))
    }

    /// The half-height extent of the layer at `c` in `profile`: where the profile,
    /// walking out from `c`, first falls below `(low + high)/2` on each side
    /// (crossings interpolated linearly). Nil when `c` is below that level, when the
    /// walk passes a pixel above `ceiling` (the layer runs into a brighter one) or
    /// when the extent grows wider than `maxWidth`.
    static func halfHeightExtent(_ profile: [Float], _ c: Int, low: Float, high: Float, ceiling: Float,
                                 maxWidth: Double) -> (left: Double, right: Double)? {
        let half = (low + high) / 2, n = profile.count
        guard profile[c] >= half, profile[c] <= ceiling else { return nil }
        func crossing(step: Int) -> Double? {
            var x = c
            while true {
                let next = x + step
                guard next >= 0, next < n, Double(abs(next - c)) <= maxWidth, profile[next] <= ceiling else { return nil }
                if profile[next] < half {
                    let t = Double((profile[x] - half) / (profile[x] - profile[next]))
                    return Double(x) + Double(step) * t
                }
                x = next
            }
        }
        guard let l = crossing(step: -1), let r = crossing(step: 1), r - l <= maxWidth else { return nil }
        return (l, r)
    }

    /// The brighter of two grey-level classes of `peaks` (1-D two-means on `levels`,
    /// from the extremes); nil when the classes differ by less than 12 % of the brighter.
    static func brighterClass(_ peaks: [Int], levels: [Float]) -> [Int]? {
        var lo = levels.min()!, hi = levels.max()!
        for _ in 0..<20 {
            let split = (lo + hi) / 2
            let a = levels.filter { $0 < split }, b = levels.filter { $0 >= split }
            guard !a.isEmpty, !b.isEmpty else { break }
            lo = a.reduce(0, +) / Float(a.count)
            hi = b.reduce(0, +) / Float(b.count)
        }
        guard hi - lo >= 0.12 * hi else { return nil }
        return zip(peaks, levels).filter { $1 >= (lo + hi) / 2 }.map(\.0)
    }

    /// Whether `brighter`, a subset of `peaks`, alternates with the rest: in at least 5/6
    /// of the pairs of neighbouring peaks (sorted), one is in it and the other not (one
    /// pair across the mandrel may be of one family; levels at random alternate in half).
    static func alternates(_ brighter: [Int], in peaks: [Int]) -> Bool {
        let members = Set(brighter)
        let pairs = zip(peaks, peaks.dropFirst())
        let mixed = pairs.filter { members.contains($0.0) != members.contains($0.1) }.count
        return 6 * mixed >= 5 * (peaks.count - 1)
    }

    /// Whether the two classes of `levels` (`brighter` and the rest of `peaks`) are two
    /// levels, not one scattered one: their means at least 3 pooled standard deviations apart.
    static func wellSeparated(_ brighter: [Int], in peaks: [Int], levels: [Float]) -> Bool {
        let members = Set(brighter)
        let a = zip(peaks, levels).filter { members.contains($0.0) }.map(\.1)
        let b = zip(peaks, levels).filter { !members.contains($0.0) }.map(\.1)
        guard a.count >= 2, b.count >= 2 else { return false }
        func mean(_ v: [Float]) -> Float { v.reduce(0, +) / Float(v.count) }
        func squares(_ v: [Float]) -> Float { let m = mean(v); return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) }
        let pooled = ((squares(a) + squares(b)) / Float(a.count + b.count - 2)).squareRoot()
        return mean(a) - mean(b) >= 3 * pooled
    }

    /// The level of the strip a layer peak at `c` lies in: the median of the unsmoothed
    /// `profile` over the strip. Each side of it is walked out from `c` over `smoothed`,
    /// at most a quarter of the way to the next peak of `peaks` on that side (the other
    /// side's on an open side: mandrel or can), so that it passes at most the layer's
    /// edge and separator even when the next peak is the layer's own family beyond a
    /// layer too faint to be a peak; it ends before the lowest point passed when the
    /// walk meets the separator: a point at or below `floor` (the mandrel and the head
    /// space are lower still), or a rise by more than `rise` above that lowest point
    /// (the next layer, even one too faint to be a peak). A strip is a coating with any foil inside it:
    /// a foil line a pixel or two wide in a coating several pixels wide leaves the
    /// median at the coating's level, where the smoothed peak reads the foil (a dim
    /// anode's copper line as bright as the cathode beside it).
    static func stripLevel(_ profile: [Float], smoothed: [Float], at c: Int, among peaks: [Int],
                           floor: Float, rise: Float) -> Float {
        let n = profile.count
        let leftGap = peaks.filter { $0 < c }.max().map { c - $0 }, rightGap = peaks.filter { $0 > c }.min().map { $0 - c }
        guard let anyGap = leftGap ?? rightGap else { return profile[c] }
        func reach(_ gap: Int) -> Int { max(1, Int((Double(gap) / 4).rounded())) }
        // The last pixel of the strip on one side: before its separator, or at the reach.
        func last(step: Int, reach: Int) -> Int {
            var x = c, low = c
            while abs(x - c) < reach, x + step >= 0, x + step < n {
                x += step
                if smoothed[x] < smoothed[low] { low = x }
                if smoothed[low] <= floor || smoothed[x] - smoothed[low] > rise { return low - step }
            }
            return x
        }
        let l = last(step: -1, reach: reach(leftGap ?? anyGap)), r = last(step: 1, reach: reach(rightGap ?? anyGap))
        guard r >= l else { return profile[c] }
        return median(Array(profile[l...r]))
    }

    /// The separator level as the peaks see it: the median, over neighbouring peaks, of
    /// the lowest `smoothed` value between them (one of the gaps may be the mandrel's).
    static func lowestBetween(_ smoothed: [Float], peaks: [Int]) -> Float {
        median(zip(peaks, peaks.dropFirst()).map { smoothed[$0...$1].min()! })
    }

    /// The mean of `rows` per column, smoothed with a 3-tap box (as `P`).
    static func smoothedMean(_ image: GrayImage, rows: Range<Int>) -> [Float] {
        let w = image.width
        var raw = [Float](repeating: 0, count: w)
        for r in rows { for c in 0..<w { raw[c] += image[r, c] } }
        for c in 0..<w { raw[c] /= Float(rows.count) }
        var p = raw
        for c in 1..<max(1, w - 1) { p[c] = (raw[c - 1] + raw[c] + raw[c + 1]) / 3 }
        return p
    }

    static func median(_ v: [Float]) -> Float {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
