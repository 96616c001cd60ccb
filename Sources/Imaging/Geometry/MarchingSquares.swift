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
            trace(width: w, height: h, level: level, fullyConnectedHigh: fullyConnectedHigh) { Double(px[$0]) }
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
            return trace(width: w, height: h, level: 0.5, fullyConnectedHigh: fullyConnectedHigh) { Double(px[$0]) }
        }
    }

    // Cell edges, clockwise in display: 0 top (ul→ur), 1 right (ur→lr), 2 bottom (lr→ll), 3 left (ll→ul).
    // Directed segments (from edge, to edge) per case, case bits: 1 ul, 2 ur, 4 ll, 8 lr (scikit-image order).
    private static func segmentTable(fullyConnectedHigh: Bool) -> [[(Int, Int)]] {
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

    @inline(__always)
    private static func trace(width w: Int, height h: Int, level: Double, fullyConnectedHigh: Bool,
                              value: (Int) -> Double) -> [Contour] {
        // Flattened table: up to two (from, to) edge pairs per case, -1 = none.
        let table = segmentTable(fullyConnectedHigh: fullyConnectedHigh)
        var flat = [Int](repeating: -1, count: 16 * 4)
        for code in 0..<16 { for (k, seg) in table[code].enumerated() { flat[code * 4 + 2 * k] = seg.0; flat[code * 4 + 2 * k + 1] = seg.1 } }
        // Crossing ids: horizontal edge (r, c)–(r, c+1) = r·w + c; vertical edge (r, c)–(r+1, c) = h·w + r·w + c.
        let vBase = h * w
        let total = 2 * h * w
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: total)
        let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: total)  // bit 0: has incoming, bit 1: visited
        defer { next.deallocate(); flags.deallocate() }
        next.initialize(repeating: -1, count: total)
        flags.initialize(repeating: 0, count: total)
        var starts: [Int] = []  // every segment start, in raster order of cells
        flat.withUnsafeBufferPointer { tab in
            for r in 0..<(h - 1) {
                var ulHigh = value(r * w) > level
                var llHigh = value((r + 1) * w) > level
                for c in 0..<(w - 1) {
                    let urHigh = value(r * w + c + 1) > level
                    let lrHigh = value((r + 1) * w + c + 1) > level
                    let code = (ulHigh ? 1 : 0) | (urHigh ? 2 : 0) | (llHigh ? 4 : 0) | (lrHigh ? 8 : 0)
                    if code != 0 && code != 15 {
                        var k = 0
                        while k < 4 && tab[code * 4 + k] >= 0 {
                            let a = edgeID(tab[code * 4 + k], r, c, w, vBase), b = edgeID(tab[code * 4 + k + 1], r, c, w, vBase)
                            next[a] = Int32(b)
                            flags[b] |= 1
                            starts.append(a)
                            k += 2
                        }
                    }
                    ulHigh = urHigh
                    llHigh = lrHigh
                }
            }
        }
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
        func follow(from start: Int) -> Contour {
            var rows: [Double] = [], cols: [Double] = []
            var id = start
            var closed = false
            while true {
                flags[id] |= 2
                let (pr, pc) = point(id)
                rows.append(pr); cols.append(pc)
                let n = Int(next[id])
                if n < 0 { break }
                if n == start { closed = true; break }
                id = n
            }
            return Contour(rows: rows, cols: cols, isClosed: closed)
        }
        var result: [Contour] = []
        // Open contours first (they start where nothing leads in), then the closed loops.
        for id in starts where flags[id] & 3 == 0 { result.append(follow(from: id)) }
        for id in starts where flags[id] & 2 == 0 { result.append(follow(from: id)) }
        return result
    }

    @inline(__always)
    private static func edgeID(_ edge: Int, _ r: Int, _ c: Int, _ w: Int, _ vBase: Int) -> Int {
        switch edge {
        case 0: return r * w + c                 // top
        case 1: return vBase + r * w + c + 1     // right
        case 2: return (r + 1) * w + c           // bottom
        default: return vBase + r * w + c        // left
        }
    }
}
