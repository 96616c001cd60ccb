import Foundation
import Imaging

/// Overhang segmentation without a model: find the layers, follow each one out of
/// the roll, and measure where anode and cathode end.
///
/// The section must show the roll's end region with its outer face toward row 0
/// (for the bottom end, flip the section) and reach at least `bodyRows` rows into
/// the layer body at its last rows. Steps 1–5 measure both layer families without
/// naming them (``layers(of:)``, a ``SectionLayers``); which family is the anode is
/// decided from their ends (``AnodeIdentification``: by the cell's analysis over
/// all its sections, by ``segment(_:)`` from the one section); steps 6–7 follow
/// (``segmentation(of:in:anode:)``). Method, per section:
/// 1. **Layers**: ``LayerProfile`` on the last `bodyRows` rows classifies the
///    layer peaks into a brighter and a dimmer family, with a peak window
///    widened for layers wider than twice `peakWindow` (``layerProfile(_:rows:)``). On the example
///    `cell_vol` the cathode coating (brighter) reads ≈ 78–82, the anode's copper
///    line (dimmer) ≈ 60, the separator between them ≈ 38 and the head space ≈ 20;
///    the phantom uses 78 / 50 / 35 / 25 by default. Behind an LFP cathode, or where
///    the anode's copper dominates a coarse voxel, the anode is the brighter family.
/// 2. **Smoothing**: the section is averaged over 3 rows (a symmetric box, which
///    leaves the half-level crossing of a step where it was).
/// 3. **Brighter tracks**: from the last row upward, each brighter layer's centre moves by
///    at most one column per row to the position of the largest `(2h + 1)`-pixel
///    mean (staying put on ties); its level is that mean. `h` is the family's
///    core half-width from ``LayerProfile`` (`⌊(width − 2)/2⌋` of its half-height
///    width, at least 1): 1 (3 pixels) for the 2–4 px layers of 0.034–0.06 mm scans,
///    2 (5 pixels) for the 6 px layers of a 0.019 mm scan. A box as wide as the
///    plateau has its maximum only where it is centred on it; a 3-pixel box on a
///    6-pixel plateau is flat over 4 columns, so the track random-walked across the
///    plateau, and the dimmer layers locked to it (step 4) slid off theirs onto the separator.
/// 4. **Dimmer tracks**: while a neighbouring brighter layer is still present, the
///    dimmer one keeps its offset from the neighbours (a thin line is never confused
///    with a brighter layer's edge, and a missing layer is not replaced by one);
///    beyond them it follows, within one column per row, the largest mean over
///    its own core (`2h + 1` pixels, `h` from the family's width, 0 for a thin line:
///    the brightest pixel). Its level is the largest median of its core centred
///    within one column of the track (for `h` = 0 the maximum of the 3 pixels around
///    it): a median, so a bright neighbour's edge in the shifted window does not
///    carry a dim layer on past its end.
///    Only dimmer layers whose brighter neighbours all end are followed.
/// 5. **Ends**: each track's own level is the median of its levels over the body
///    rows (a dim innermost layer is judged against itself). Going up the track,
///    the end is the first place where the level falls below the half level
///    between the separator and the track's level, stays below for
///    `endPersistence` rows, and over those rows averages at most 40 % of the
///    way from separator to track level (noise or a dim stretch does not end a
///    layer); the fractional row of the crossing is interpolated linearly. A
///    track that never ends is not ended in this section and is left out.
/// 6. **Overhang per anode** (``LayerEnd``), the anode family named: the anode end
///    against the outermost-reaching cathode beside it (within ¾ of the pitch), signed.
///    Every anode with its own and all its neighbours' ends measured is reported,
///    negative ones included.
/// 7. **Regions**: an anode with a positive overhang gets the pixels of its track
///    from the first row beyond its end to the row before the cathode end, `2·maskHalfWidth + 1`
///    columns wide (≈ the 3-pixel width of the reference's U-Net masks), labelled
///    1, 2, … in the order of radial position.
public struct ClassicalOverhangSegmenter: OverhangSegmenter {
    public struct Parameters: Sendable, Codable, Equatable {
        /// Rows at the far end of the section averaged to find the layers.
        public var bodyRows = 6
        /// Least height of a layer peak above its surroundings, as a fraction of
        /// the body profile's range (1st to 99th percentile), so it holds for 8-
        /// and 16-bit scans alike.
        public var prominence: Float = 0.08
        /// Half-width (pixels) of the neighbourhood a peak must stand out of. It must
        /// reach from a layer's centre past its edge, so it is doubled (up to 4×)
        /// for layers wider than twice it (``layerProfile(_:rows:)``).
        public var peakWindow = 4
        /// Closest distance (pixels) between two layer peaks. A floor only: peaks
        /// farther apart on one layer's plateau are merged by ``LayerProfile``'s dip
        /// test, so it need not grow with the layer width.
        public var minSeparation = 3
        /// Rows a level must stay below the half level to end a layer.
        public var endPersistence = 2
        /// Half-width (pixels) of a region around its anode track.
        public var maskHalfWidth = 1
        public init() {}
    }

    public var parameters: Parameters

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    public func probability(_ section: AngularSection) -> GrayImage {
        segment(section.image).labels.map { $0 > 0 ? 1 : 0 }
    }

    /// The whole result for one section (rows with the outer face toward row 0), the
    /// anode identified from this section alone (``AnodeIdentification``); no ends and
    /// no regions when it cannot be. A cell's analysis identifies it over all its
    /// sections instead (``OverhangAnalysis``).
    public func segment(_ image: GrayImage) -> SectionSegmentation {
        guard let layers = layers(of: image),
              let anode = AnodeIdentification(pairs: layers.endPairs, foil: CopperFoilCue([layers.foil])).anode
        else { return .empty(like: image) }
        return segmentation(of: layers, in: image, anode: anode)
    }

    /// Steps 1–5: both layer families of the section, followed out of the roll, with
    /// their ends; nil when the body rows show no layers.
    func layers(of image: GrayImage) -> SectionLayers? {
        let h = image.height, w = image.width
        let body = max(0, h - parameters.bodyRows)..<h
        guard h > parameters.bodyRows + 2, let profile = layerProfile(image, rows: body) else { return nil }
        let smooth = Self.verticalBoxMean(image)

        // Brighter layers, each on its own.
        var brighter = SectionLayers.Family(columns: profile.brighter)
        let brighterCore = profile.brighterCore, dimmerCore = profile.dimmerCore
        for c in profile.brighter {
            let track = followBrightest(smooth, from: c, width: brighterCore)
            brighter.tracks[c] = track
            let levels = (0..<h).map { r in Self.mean(smooth, r, track[r], half: brighterCore) }
            if let end = endRow(levels, low: profile.separatorLevel, high: bodyLevel(levels)) { brighter.ends[c] = end }
        }

        // Dimmer layers, locked to their brighter neighbours while those are present.
        var dimmer = SectionLayers.Family(columns: profile.dimmer)
        let reach = SectionLayers.neighbourReach(pitch: profile.pitch)
        for a in profile.dimmer {
            let neighbours = profile.brighter.filter { abs(Double($0 - a)) <= reach }
            let ended = neighbours.compactMap { c in brighter.ends[c].map { (c, $0) } }
            guard !ended.isEmpty, ended.count == neighbours.count else { continue }
            // Offset-locked below the neighbours' ends, free above.
            var track = [Int](repeating: a, count: h)
            var p = a
            for r in stride(from: h - 1, through: 0, by: -1) {
                let present = ended.filter { Double(r) > $0.1 }
                if !present.isEmpty {
                    let shift = present.map { Double(brighter.tracks[$0.0]![r] - $0.0) }.reduce(0, +) / Double(present.count)
                    p = min(w - 2, max(1, a + Int(shift.rounded())))
                } else {
                    p = Self.brightestNear(smooth, r, p, half: dimmerCore)
                }
                track[r] = p
            }
            dimmer.tracks[a] = track
            let levels = (0..<h).map { r in Self.brightestMedian(smooth, r, track[r], half: dimmerCore) }
            if let end = endRow(levels, low: profile.separatorLevel, high: bodyLevel(levels)) { dimmer.ends[a] = end }
        }
        return SectionLayers(profile: profile, brighter: brighter, dimmer: dimmer,
                             foil: CopperFoilCue.SectionTally(profile: profile, image: image, rows: body))
    }

    /// Steps 6–7 with `anode` named: every anode layer's end against its cathode
    /// neighbours, and the regions of the positive overhangs.
    func segmentation(of layers: SectionLayers, in image: GrayImage, anode: LayerFamily) -> SectionSegmentation {
        let w = image.width
        let cathode = anode.other
        var ends: [LayerEnd] = []
        var labels = Image<Int32>(width: w, height: image.height, repeating: 0)
        var tracks: [Int: [Double]] = [:]
        var nextLabel: Int32 = 1
        let centre = Double(w - 1) / 2
        for a in layers[anode].columns {
            guard let anodeEnd = layers[anode].ends[a], let track = layers[anode].tracks[a] else { continue }
            // The anode must cover the cathode on both faces: all its neighbours ended.
            let neighbours = layers.neighbours(of: a, in: cathode)
            let cathodeEnds = neighbours.compactMap { layers[cathode].ends[$0] }
            guard !cathodeEnds.isEmpty, cathodeEnds.count == neighbours.count else { continue }
            let cathodeEnd = cathodeEnds.min()!
            // A track that lost its layer is not a short anode: left out, not a defect.
            if anodeEnd > cathodeEnd,
               Self.stripPersists(image, track: track, from: cathodeEnd, to: anodeEnd,
                                  half: Self.stripHalfWidth(a, neighbours), separator: layers.profile.separatorLevel,
                                  bodyRows: parameters.bodyRows) {
                continue
            }
            var end = LayerEnd(label: nil, radialPosition: Double(a) - centre,
                               anodeEndRow: anodeEnd, cathodeEndRow: cathodeEnd)
            let first = Int(anodeEnd.rounded(.up)), stop = Int(cathodeEnd.rounded(.up))
            if stop > first {
                end.label = Int(nextLabel)
                var centres: [Double] = []
                for r in first..<stop {
                    let pc = track[r]
                    for c in max(0, pc - parameters.maskHalfWidth)...min(w - 1, pc + parameters.maskHalfWidth) {
                        labels[r, c] = nextLabel
                    }
                    centres.append(Self.centroid(image, r, pc, above: layers.profile.separatorLevel))
                }
                tracks[Int(nextLabel)] = centres
                nextLabel += 1
            }
            ends.append(end)
        }
        return SectionSegmentation(labels: labels, ends: ends, tracks: tracks)
    }

    /// The layers of the body rows (``LayerProfile``) with a peak window that reaches
    /// from a brighter layer's centre past its edge: `peakWindow`, doubled (at most twice)
    /// while no layers are found or the window is narrower than half the measured
    /// brighter width. From the middle of a plateau wider than `2·window` no
    /// neighbourhood minimum is on the separator, so no peak stands out (10 px
    /// layers at 0.012 mm); a profile found with the last window that still found one
    /// is kept when a wider window finds none.
    func layerProfile(_ image: GrayImage, rows: Range<Int>) -> LayerProfile? {
        var found: LayerProfile? = nil
        var window = parameters.peakWindow
        for _ in 0..<3 {
            if let p = LayerProfile(image: image, rows: rows, outerRows: 0..<min(parameters.bodyRows, rows.lowerBound),
                                    prominence: parameters.prominence,
                                    window: window, minSeparation: parameters.minSeparation) {
                if Double(window) >= p.brighterWidth / 2 { return p }
                found = p
            }
            window *= 2
        }
        return found
    }

    // MARK: Checking an end

    /// Half-width (pixels) of the strip of a layer at column `c` whose neighbours of the
    /// other family are at `neighbours`: a third of the way to the nearest, at least 1,
    /// so that it stays inside the layer and its separators (as ``LayerProfile``'s strips).
    static func stripHalfWidth(_ c: Int, _ neighbours: [Int]) -> Int {
        let nearest = neighbours.map { abs($0 - c) }.min() ?? 3
        return max(1, Int((Double(nearest) / 3).rounded()))
    }

    /// Whether the layer followed by `track` is still there in the rows between a
    /// cathode end at `from` and a later (deeper) end of that layer at `to`: its strip,
    /// the median of the `2·half + 1` pixels around the track per row, reads on at
    /// least half of those rows above the half level between `separator` and the
    /// strip's own level in the last `bodyRows` rows. A thin foil line the track slipped off ends
    /// where its coating, and the anode, goes on; an anode that really ends short of its
    /// cathode leaves separator there. No whole row between them: false.
    static func stripPersists(_ image: GrayImage, track: [Int], from: Double, to: Double, half: Int,
                              separator: Float, bodyRows: Int) -> Bool {
        let first = max(0, Int(from.rounded(.up))), stop = min(image.height, Int(to.rounded(.down)))
        guard stop > first else { return false }
        let rows = first..<stop
        func strip(_ r: Int) -> Float {
            let c = track[r]
            return LayerProfile.median((max(0, c - half)...min(image.width - 1, c + half)).map { image[r, $0] })
        }
        let body = LayerProfile.median((max(0, image.height - bodyRows)..<image.height).map(strip))
        let halfLevel = (separator + body) / 2
        guard body > separator else { return false }
        return 2 * rows.filter { strip($0) >= halfLevel }.count >= rows.count
    }

    // MARK: Tracking

    /// Column per row, following the largest (2·width+1)-pixel mean within one column per row, from the last row up
    /// (staying put on ties).
    func followBrightest(_ v: GrayImage, from start: Int, width: Int) -> [Int] {
        var track = [Int](repeating: start, count: v.height)
        var p = start
        for r in stride(from: v.height - 1, through: 0, by: -1) {
            var best = p, bestValue = Self.mean(v, r, p, half: width)
            for c in [p - 1, p + 1] where c >= width && c < v.width - width {
                let m = Self.mean(v, r, c, half: width)
                if m > bestValue { best = c; bestValue = m }
            }
            p = best
            track[r] = p
        }
        return track
    }

    /// The layer's own level: the median of its levels over the body rows.
    func bodyLevel(_ levels: [Float]) -> Float {
        LayerProfile.median(Array(levels.suffix(parameters.bodyRows)))
    }

    /// The end of a layer whose level per row is `levels`, searched from the last
    /// row up: the first crossing of the half level `(low + high)/2` after which
    /// the next `endPersistence` rows all stay below it and their mean falls to
    /// `low + 0.4·(high − low)` or less (a dim stretch of a faint layer is not its end).
    func endRow(_ levels: [Float], low: Float, high: Float) -> Double? {
        let half = (low + high) / 2, deep = low + 0.4 * (high - low)
        guard high > low, let last = levels.last, last >= half else { return nil }
        var r = levels.count - 2
        while r >= 0 {
            if levels[r] < half {
                let next = max(0, r - parameters.endPersistence + 1)...r
                let persistent = next.allSatisfy { levels[$0] < half }
                    && next.map { levels[$0] }.reduce(0, +) / Float(next.count) <= deep
                if persistent {
                    // The crossing is below the lowest row of this dim stretch.
                    var k = r
                    while k + 1 < levels.count - 1, levels[k + 1] < half { k += 1 }
                    let inside = levels[k + 1], outside = levels[k]
                    return Double(k) + Double((half - outside) / (inside - outside))
                }
            }
            r -= 1
        }
        return nil
    }

    /// Of columns `p − 1`, `p`, `p + 1`, the one with the largest `(2·half + 1)`-pixel
    /// mean (`p` on ties; the brightest pixel for `half` 0).
    static func brightestNear(_ v: GrayImage, _ r: Int, _ p: Int, half: Int) -> Int {
        var best = p, bestValue = mean(v, r, p, half: half)
        for c in [p - 1, p + 1] where c >= 1 && c < v.width - 1 {
            let m = mean(v, r, c, half: half)
            if m > bestValue { best = c; bestValue = m }
        }
        return best
    }

    static func mean(_ v: GrayImage, _ r: Int, _ c: Int, half: Int) -> Float {
        var s: Float = 0
        var n = 0
        for x in max(0, c - half)...min(v.width - 1, c + half) { s += v[r, x]; n += 1 }
        return s / Float(n)
    }

    /// The largest `(2·half + 1)`-pixel median centred within one column of `c` (for
    /// `half` 0 the maximum of the 3 pixels around `c`). A median, not a mean: the
    /// window shifted by one column reaches `half + 1` pixels from the track, past a
    /// dim layer's edge and its thin separator onto the bright neighbour beside it;
    /// a mean of that window read the neighbour's blurred edge as the layer going on
    /// (a dim cathode "ending" where its anode ends: a negative overhang on a nominal
    /// cell), a median needs most of the window on the layer.
    static func brightestMedian(_ v: GrayImage, _ r: Int, _ c: Int, half: Int) -> Float {
        max(median(v, r, max(0, c - 1), half: half), median(v, r, c, half: half),
            median(v, r, min(v.width - 1, c + 1), half: half))
    }

    /// Median of the `2·half + 1` pixels of row `r` centred on `c` (fewer at the borders).
    static func median(_ v: GrayImage, _ r: Int, _ c: Int, half: Int) -> Float {
        let lo = max(0, c - half), hi = min(v.width - 1, c + half)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: hi - lo + 1) { buffer in
            var buffer = buffer
            for x in lo...hi { buffer[x - lo] = v[r, x] }
            buffer.sort()
            return buffer[(hi - lo) / 2]
        }
    }

    /// Sub-pixel centre of the layer near column `c`: centroid of the grey excess
    /// over `above` (the separator level) within ±3 columns, then again within ±3
    /// columns of that estimate (the column itself when nothing exceeds it).
    static func centroid(_ v: GrayImage, _ r: Int, _ c: Int, above: Float) -> Double {
        // Twice: the second window is centred on the first estimate, so a band
        // wider than one pixel is not cut off by an off-centre integer track.
        var centre = Double(c)
        for _ in 0..<2 {
            let mid = Int(centre.rounded())
            var s = 0.0, sx = 0.0
            for x in max(0, mid - 3)...min(v.width - 1, mid + 3) {
                let e = Double(max(0, v[r, x] - above))
                s += e
                sx += e * Double(x)
            }
            if s > 0 { centre = sx / s }
        }
        return centre
    }

    /// Mean over each pixel and its neighbours above and below (2 rows at the edges).
    static func verticalBoxMean(_ image: GrayImage) -> GrayImage {
        let w = image.width, h = image.height
        var out = image
        image.pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for r in 0..<h {
                    let r0 = max(0, r - 1), r1 = min(h - 1, r + 1)
                    let n = Float(r1 - r0 + 1)
                    for c in 0..<w {
                        var s: Float = 0
                        for rr in r0...r1 { s += src[rr * w + c] }
                        dst[r * w + c] = s / n
                    }
                }
            }
        }
        return out
    }
}
