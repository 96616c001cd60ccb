import Imaging

/// Automatic grey level of the steel can, for scanners without a configured one.
///
/// A CT slice of a cell has three populations: air outside, electrodes and
/// separator inside, and the far denser steel can, which is the outermost
/// material. The level is
/// - **air**: the median of the pixels outside the cell's outline (along each row,
///   before the first and after the last pixel above Otsu's threshold of the slice);
/// - **steel**: the median, over the rows that cross the cell, of the brightest
///   of the first `wallSearch` pixels inside the outline from either side: those
///   lie in the can wall whatever fills the can;
/// - the **level** midway between air and steel, the half-height of the can's
///   edge, as the reference's `im > 100` is on the example volume (air ≈ 5, steel
///   ≈ 190): partial-volume edge pixels then fall on the side they mostly belong
///   to and diameters stay unbiased;
/// - unless the detector clips the steel (the steel's own median sits at the slice's
///   maximum value: at least half of the wall pixels above midway are there, as in the
///   16-bit example `im_1.tif`: can at 65535, reference threshold 61000) and the midway
///   level does not clear the brightest electrodes (the 99.5th percentile of the central
///   part of the cell): then the level is midway between those electrodes and the
///   steel, so the can mask holds the can alone. Only where the steel clips: a scan
///   whose copper foils or noise reach above the midway level but whose steel is
///   resolved keeps the midway level, or every wall would read thin and every diameter
///   small (the raised level moved both edges of a 6 px wall by a third of a pixel
///   each). Noise whose tail reaches full scale is not clipping: on an unclipped 16-bit
///   scan whose steel sits a third of a noise σ below 65535 nearly every wall window's
///   brightest pixel is at full scale, but only about a third of the steel pixels are.
///
/// A level separates two populations only if it lies between them. Where the steel
/// clips, interior pixels at the same full-scale value (copper foils that clip too)
/// cannot be told from the steel by grey at all: the brightest electrodes are then
/// taken over the interior pixels below full scale, and the clipped foil pixels are
/// left to shape (they are specks inside the can's hole, see
/// `WindingSegmentation.CanRemoval.wall`). Where the brightest electrodes reach the
/// (resolved) steel, no level lies between them: the separation stays at midway and
/// ``Levels/electrodesBelowSteel`` says so.
public enum CanThreshold {
    /// The two automatic levels of one slice.
    public struct Levels: Sendable, Equatable {
        /// Where the can's edges are measured: midway between air and steel, raised
        /// only where the steel clips (see ``automatic(_:wallSearch:)``).
        public var edge: Float
        /// Where the can alone is above the level: ``edge``, raised to midway between
        /// the brightest electrodes (copper foils, dense coatings) and the steel where
        /// those reach above it. Taking the can out of the electrode mask needs this
        /// one; measuring the wall at it would thin the wall by the raise.
        public var separation: Float
        /// The steel's median sits at the slice's maximum value: the detector clips it.
        public var steelClipped: Bool = false
        /// The brightest electrodes (99.5th percentile of the cell's central part, below
        /// full scale where the steel clips) lie below the steel, so some level lies
        /// between them. false: no grey level takes the can alone.
        public var electrodesBelowSteel: Bool = true

        public init(edge: Float, separation: Float, steelClipped: Bool = false, electrodesBelowSteel: Bool = true) {
            self.edge = edge
            self.separation = separation
            self.steelClipped = steelClipped
            self.electrodesBelowSteel = electrodesBelowSteel
        }
    }

    /// The edge level (``Levels/edge``).
    public static func automatic(_ image: GrayImage, wallSearch: Int = 8) -> Float {
        levels(image, wallSearch: wallSearch).edge
    }

    public static func levels(_ image: GrayImage, wallSearch: Int = 8) -> Levels {
        let airLevel = Threshold.otsu(image)
        let w = image.width, h = image.height
        var wallPeaks: [Float] = [], wallPixels: [Float] = [], air: [Float] = []
        var bounds = (top: h, bottom: -1, left: w, right: -1)
        image.pixels.withUnsafeBufferPointer { px in
            for r in 0..<h {
                let row = px[(r * w)..<(r * w + w)]
                guard let first = row.firstIndex(where: { $0 > airLevel }), let last = row.lastIndex(where: { $0 > airLevel })
                else { air.append(contentsOf: row); continue }
                air.append(contentsOf: row[..<first])
                air.append(contentsOf: row[(last + 1)...])
                let near = row[first..<min(first + wallSearch, last + 1)], far = row[max(first, last - wallSearch + 1)...last]
                wallPeaks.append(near.max()!)
                wallPeaks.append(far.max()!)
                wallPixels.append(contentsOf: near)
                wallPixels.append(contentsOf: far)
                bounds = (min(bounds.top, r), max(bounds.bottom, r), min(bounds.left, first - r * w), max(bounds.right, last - r * w))
            }
        }
        guard !air.isEmpty, wallPeaks.count >= 16 else { return Levels(edge: airLevel, separation: airLevel) }
        let airMedian = OrderStatistic.upperMedian(air), steel = OrderStatistic.upperMedian(wallPeaks)
        let midway = (airMedian + steel) / 2
        // The central half (per side) of the cell's extent: electrodes, no wall.
        let rows = bounds.top + (bounds.bottom - bounds.top) / 4 ... bounds.bottom - (bounds.bottom - bounds.top) / 4
        let cols = bounds.left + (bounds.right - bounds.left) / 4 ... bounds.right - (bounds.right - bounds.left) / 4
        var inside: [Float] = []
        inside.reserveCapacity(rows.count * cols.count)
        for r in rows { for c in cols { inside.append(image[r, c]) } }
        guard !inside.isEmpty else { return Levels(edge: midway, separation: midway) }
        let top = image.pixels.max() ?? steel
        // Clipped: the steel population itself piles up at the top value (its median is
        // there), not merely its noise tail reaching it.
        let steelPixels = wallPixels.filter { $0 > midway }
        let clipped = !steelPixels.isEmpty && 2 * steelPixels.filter { $0 >= top }.count >= steelPixels.count
        // Where the steel clips, interior pixels at full scale are indistinguishable from it.
        if clipped { inside.removeAll { $0 >= top } }
        guard !inside.isEmpty else {
            return Levels(edge: midway, separation: midway, steelClipped: clipped, electrodesBelowSteel: false)
        }
        let brightest = OrderStatistic.select(&inside, k: min(inside.count - 1, Int(0.995 * Double(inside.count))))
        let belowSteel = brightest < steel
        // Between the brightest electrodes and the steel, or midway where the electrodes
        // stay below it anyway (or reach the steel, so no level lies between them).
        let separation = midway > brightest || !belowSteel ? midway : (brightest + steel) / 2
        return Levels(edge: clipped ? separation : midway, separation: separation,
                      steelClipped: clipped, electrodesBelowSteel: belowSteel)
    }

    /// The level of a whole scan: `automatic` on its middle slice, which cuts the
    /// can's body in any scan that holds the cell (the ends may be cap or bottom).
    public static func automatic(middleSliceOf volume: some SliceSource) throws -> Float {
        automatic(try volume.slice(volume.shape.depth / 2))
    }

    /// Both levels of a whole scan, from its middle slice.
    public static func levels(middleSliceOf volume: some SliceSource) throws -> Levels {
        levels(try volume.slice(volume.shape.depth / 2))
    }
}
