/// Exact Euclidean distance transform in linear time: Meijster, Roerdink & Hesselink
/// ("A general algorithm for computing distance transforms in linear time", 2000) for
/// the column phase, and the lower envelope of parabolas of Felzenszwalb & Huttenlocher
/// ("Distance Transforms of Sampled Functions", 2012) for the row phase.
///
/// Definition followed: scipy `ndimage.distance_transform_edt(mask)` with unit
/// sampling: every foreground (`true`) pixel gets the Euclidean distance from its centre
/// to the nearest background (`false`) pixel centre; background pixels get 0.
/// A mask without any background pixel gives `+infinity` everywhere (scipy's result is
/// undefined there).
///
/// Both phases run along contiguous rows: the column phase is two running scans (down,
/// then up) of the vertical distance to the nearest background pixel, the row phase the
/// 1-D squared-distance envelope of each row. O(width·height).
public enum DistanceTransform {
    public static func euclidean(_ mask: Mask) -> Image<Double> {
        var squared = squaredEuclidean(mask)
        squared.pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = p[i].squareRoot() }
        }
        return squared
    }

    /// Squared distances (exact integers stored as Double; `+infinity` without background).
    public static func squaredEuclidean(_ mask: Mask) -> Image<Double> {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return Image(width: w, height: h, pixels: []) }
        // Column phase: vertical distance (in rows) to the nearest background pixel; `big` = none.
        let big = Int32.max / 4
        var g = [Int32](repeating: 0, count: w * h)
        mask.pixels.withUnsafeBufferPointer { m in
            g.withUnsafeMutableBufferPointer { gb in
                for c in 0..<w { gb[c] = m[c] ? big : 0 }
                for r in 1..<max(1, h) {
                    let row = r * w, prev = row - w
                    for c in 0..<w { gb[row + c] = m[row + c] ? min(big, gb[prev + c] + 1) : 0 }
                }
                if h > 1 {
                    for r in stride(from: h - 2, through: 0, by: -1) {
                        let row = r * w, below = row + w
                        for c in 0..<w where gb[below + c] + 1 < gb[row + c] { gb[row + c] = gb[below + c] + 1 }
                    }
                }
            }
        }
        // Row phase: lower envelope of parabolas over the squared column distances.
        var f = [Double](repeating: 0, count: w * h)
        let line = UnsafeMutablePointer<Double>.allocate(capacity: w)
        let v = UnsafeMutablePointer<Int>.allocate(capacity: w)
        let z = UnsafeMutablePointer<Double>.allocate(capacity: w + 1)
        defer { line.deallocate(); v.deallocate(); z.deallocate() }
        g.withUnsafeBufferPointer { gb in
            f.withUnsafeMutableBufferPointer { fb in
                for r in 0..<h {
                    let row = r * w
                    for c in 0..<w {
                        let d = gb[row + c]
                        line[c] = d >= big ? .infinity : Double(d) * Double(d)
                    }
                    envelope(line, count: w, into: fb.baseAddress! + row, v: v, z: z)
                }
            }
        }
        return Image(width: w, height: h, pixels: f)
    }

    /// 1-D transform of every row of `src` (rows × cols), written transposed to `dst` (cols × rows).
    private static func transformRowsTransposed(_ src: UnsafeMutablePointer<Double>, rows: Int, cols: Int,
                                                into dst: UnsafeMutablePointer<Double>, tmp: UnsafeMutablePointer<Double>,
                                                block: Int, v: UnsafeMutablePointer<Int>, z: UnsafeMutablePointer<Double>) {
        var r0 = 0
        while r0 < rows {
            let nb = min(block, rows - r0)
            for i in 0..<nb {
                envelope(src + (r0 + i) * cols, count: cols, into: tmp + i * cols, v: v, z: z)
            }
            for c in 0..<cols {
                let out = dst + c * rows + r0
                for i in 0..<nb { out[i] = tmp[i * cols + c] }
            }
            r0 += nb
        }
    }

    /// 1-D transform `D(q) = min_p ((q − p)² + f(p))`, parabolas with infinite `f` skipped.
    @inline(__always)
    private static func envelope(_ f: UnsafePointer<Double>, count n: Int, into d: UnsafeMutablePointer<Double>,
                                 v: UnsafeMutablePointer<Int>, z: UnsafeMutablePointer<Double>) {
        var k = -1
        for q in 0..<n where f[q].isFinite {
            let fq = f[q] + Double(q * q)
            if k < 0 {
                k = 0; v[0] = q; z[0] = -.infinity; z[1] = .infinity
                continue
            }
            var s = (fq - (f[v[k]] + Double(v[k] * v[k]))) / Double(2 * (q - v[k]))
            while s <= z[k] {
                k -= 1
                s = (fq - (f[v[k]] + Double(v[k] * v[k]))) / Double(2 * (q - v[k]))
            }
            k += 1
            v[k] = q; z[k] = s; z[k + 1] = .infinity
        }
        if k < 0 {
            for q in 0..<n { d[q] = .infinity }
            return
        }
        var j = 0
        for q in 0..<n {
            while z[j + 1] < Double(q) { j += 1 }
            let dq = q - v[j]
            d[q] = Double(dq * dq) + f[v[j]]
        }
    }
}
