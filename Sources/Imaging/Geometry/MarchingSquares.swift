/// Iso-contours of a 2-D field by marching squares, with the semantics of
/// scikit-image `find_contours(image, level, fully_connected='low',
/// positive_orientation='low')`.
///
/// Definition followed:
/// - Each 2×2 square of pixel centres (ul, ur, ll, lr) is classified by which corners
///   are strictly `> level` (a pixel exactly at `level` counts as below, as scikit-image).
/// - A crossing on the edge from corner value `a` to `b` lies at fraction
///   `(level − a)/(b − a)` from `a`: top `(r, c + f(ul,ur))`, bottom `(r+1, c + f(ll,lr))`,
///   left `(r + f(ul,ll), c)`, right `(r + f(ur,lr), c+1)`.
/// - Saddles (two diagonal corners above) are resolved with the low values connected
///   (`fully_connected='low'`): the two high corners are cut off separately, so
///   foreground pixels touching only diagonally get separate contours.
/// - Segments are chained into polylines: closed loops, or open ones ending on the
///   image border. Orientation as scikit-image's `positive_orientation='low'`: the
///   signed shoelace area with x = col, y = row is positive around regions above
///   `level`. Metrics here never depend on orientation or start point.
///
/// Differences from scikit-image: a closed contour does not repeat its first point;
/// crossing points are identified by grid edge, so in the degenerate case of a pixel
/// exactly at `level` two crossings at the same coordinate are not merged; contours come
/// in a raster order of their first crossing, not scikit-image's order.
public enum MarchingSquares {
    public static func contours(of image: GrayImage, level: Double,
                                fullyConnectedHigh: Bool = false) -> [Contour] {
        let w = image.width, h = image.height
        guard w >= 2, h >= 2 else { return [] }
        return image.pixels.withUnsafeBufferPointer { px in
            trace(width: w, height: h, level: level, fullyConnectedHigh: fullyConnectedHigh,
                  uniformCells: { _, _ in 0 }) { Double(px[$0]) }
        }
    }

    /// Contours of a binary mask at level 0.5 (`find_contours(mask.astype(float), 0.5)`):
    /// all crossings lie at pixel-edge midpoints.
    public static func contours(of mask: Mask, fullyConnectedHigh: Bool = false) -> [Contour] {
        let w = mask.width, h = mask.height
        guard w >= 2, h >= 2 else { return [] }
        // A Bool is one byte, 0 or 1: read the bytes in place rather than copying the
        // mask into Doubles (8 bytes a pixel, a megapixel slice's 8 MB per call).
        return mask.pixels.withUnsafeBytes { raw in
            let px = raw.bindMemory(to: UInt8.self)
            let base = raw.baseAddress!
            // A can or electrode mask is mostly empty or full: eight cells at a time
            // are skipped where both rows hold nine equal bytes.
            return trace(width: w, height: h, level: 0.5, fullyConnectedHigh: fullyConnectedHigh,
                         uniformCells: { r, c in
                             guard c + 9 <= w else { return 0 }
                             let top = base + r * w + c, bottom = top + w
                             let a = top.loadUnaligned(as: UInt64.self)
                             return a == (top + 1).loadUnaligned(as: UInt64.self)
                                 && a == bottom.loadUnaligned(as: UInt64.self)
                                 && a == (bottom + 1).loadUnaligned(as: UInt64.self) ? 8 : 0
                         }) { Double(px[$0]) }
        }
    }

    // Cell edges, clockwise in display: 0 top (ul→ur), 1 right (ur→lr), 2 bottom (lr→ll), 3 left (ll→ul).
    // Directed segments (from edge, to edge) per case, case bits: 1 ul, 2 ur, 4 ll, 8 lr (scikit-image order).
    static func segmentTable(fullyConnectedHigh: Bool) -> [[(Int, Int)]] {
        var table = [[(Int, Int)]](repeating: [], count: 16)
        for code in 0..<16 {
            // Corner highs in clockwise order ul, ur, lr, ll.
            let high = [code & 1 != 0, code & 2 != 0, code & 8 != 0, code & 4 != 0]
            var entries: [Int] = [], exits: [Int] = []
            for e in 0..<4 {
                let a = high[e], b = high[(e + 1) % 4]
                if !a && b { entries.append(e) }
                if a && !b { exits.append(e) }
            }
            var segs: [(Int, Int)] = []
            for entry in entries {
                // Low connected: an entry pairs with the next exit clockwise (cuts one high
                // corner off); high connected: with the previous exit clockwise.
                var best = -1
                for step in 1...4 {
                    let e = fullyConnectedHigh ? (entry - step + 8) % 4 : (entry + step) % 4
                    if exits.contains(e) { best = e; break }
                }
                segs.append((best, entry))  // exit → entry: scikit-image's orientation
            }
            table[code] = segs
        }
        return table
    }

    /// - Parameter uniformCells: how many cells from (r, c) along the row are known
    ///   to be all below or all above the level (0: look at the cell).
    @inline(__always)
    private static func trace(width w: Int, height h: Int, level: Double, fullyConnectedHigh: Bool,
                              uniformCells: (_ row: Int, _ col: Int) -> Int, value: (Int) -> Double) -> [Contour] {
        // Flattened table: up to two (from, to) edge pairs per case, -1 = none.
        let table = segmentTable(fullyConnectedHigh: fullyConnectedHigh)
        var flat = [Int](repeating: -1, count: 16 * 4)
        for code in 0..<16 { for (k, seg) in table[code].enumerated() { flat[code * 4 + 2 * k] = seg.0; flat[code * 4 + 2 * k + 1] = seg.1 } }
        // Crossing ids: horizontal edge (r, c)–(r, c+1) = r·w + c; vertical edge (r, c)–(r+1, c) = h·w + r·w + c.
        // Segments (from crossing → to crossing) in raster order of their cells; only
        // the crossings that exist are stored, a few thousand on a megapixel slice.
        let vBase = h * w
        var from: [Int] = [], to: [Int] = []
        flat.withUnsafeBufferPointer { tab in
            for r in 0..<(h - 1) {
                var ulHigh = value(r * w) > level
                var llHigh = value((r + 1) * w) > level
                var c = 0
                while c < w - 1 {
                    let skip = uniformCells(r, c)
                    if skip > 0 {
                        c += skip
                        ulHigh = value(r * w + c) > level
                        llHigh = value((r + 1) * w + c) > level
                        continue
                    }
                    let urHigh = value(r * w + c + 1) > level
                    let lrHigh = value((r + 1) * w + c + 1) > level
                    let code = (ulHigh ? 1 : 0) | (urHigh ? 2 : 0) | (llHigh ? 4 : 0) | (lrHigh ? 8 : 0)
                    if code != 0 && code != 15 {
                        var k = 0
                        while k < 4 && tab[code * 4 + k] >= 0 {
                            from.append(edgeID(tab[code * 4 + k], r, c, w, vBase))
                            to.append(edgeID(tab[code * 4 + k + 1], r, c, w, vBase))
                            k += 2
                        }
                    }
                    ulHigh = urHigh
                    llHigh = lrHigh
                    c += 1
                }
            }
        }
        // Each crossing leaves at most one segment and enters at most one.
        let leaving = CrossingTable(from)
        let entering = CrossingTable(to)
        var visited = [Bool](repeating: false, count: from.count)
        func point(_ id: Int) -> (Double, Double) {
            if id < vBase {
                let r = id / w, c = id % w
                let a = value(id), b = value(id + 1)
                return (Double(r), Double(c) + (level - a) / (b - a))
            } else {
                let k = id - vBase, r = k / w, c = k % w
                let a = value(k), b = value(k + w)
                return (Double(r) + (level - a) / (b - a), Double(c))
            }
        }
        func follow(from first: Int) -> Contour {
            var rows: [Double] = [], cols: [Double] = []
            var segment = first
            var closed = false
            while true {
                visited[segment] = true
                let (pr, pc) = point(from[segment])
                rows.append(pr); cols.append(pc)
                let end = to[segment]
                guard let next = leaving.segment(at: end) else {
                    // An open contour ends at the border on its last crossing.
                    let (er, ec) = point(end)
                    rows.append(er); cols.append(ec)
                    break
                }
                if next == first { closed = true; break }
                segment = next
            }
            return Contour(rows: rows, cols: cols, isClosed: closed)
        }
        var result: [Contour] = []
        // Open contours first (they start where nothing leads in), then the closed loops.
        for s in from.indices where !visited[s] && entering.segment(at: from[s]) == nil { result.append(follow(from: s)) }
        for s in from.indices where !visited[s] { result.append(follow(from: s)) }
        return result
    }

    /// Crossing id → index of the segment holding it: open addressing with linear
    /// probing, sized to twice the segments (a dense table over every grid edge would
    /// clear 10 MB per megapixel slice to hold a few thousand crossings).
    private struct CrossingTable {
        private var keys: [Int]
        private var values: [Int32]
        private let mask: Int

        init(_ crossings: [Int]) {
            var capacity = 16
            while capacity < 2 * crossings.count { capacity <<= 1 }
            mask = capacity - 1
            keys = [Int](repeating: -1, count: capacity)
            values = [Int32](repeating: 0, count: capacity)
            for (index, key) in crossings.enumerated() {
                var slot = Self.hash(key) & mask
                while keys[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & mask }
                keys[slot] = key
                values[slot] = Int32(index)
            }
        }

        @inline(__always)
        static func hash(_ key: Int) -> Int { Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) }

        func segment(at key: Int) -> Int? {
            var slot = Self.hash(key) & mask
            while keys[slot] >= 0 {
                if keys[slot] == key { return Int(values[slot]) }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    @inline(__always)
    static func edgeID(_ edge: Int, _ r: Int, _ c: Int, _ w: Int, _ vBase: Int) -> Int {
        switch edge {
        case 0: return r * w + c                 // top
        case 1: return vBase + r * w + c + 1     // right
        case 2: return (r + 1) * w + c           // bottom
        default: return vBase + r * w + c        // left
        }
    }
}
