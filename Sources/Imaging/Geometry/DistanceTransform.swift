/// Exact Euclidean distance transform in linear time (Felzenszwalb & Huttenlocher,
/// "Distance Transforms of Sampled Functions", Theory of Computing 8, 2012).
///
/// Definition followed: scipy `ndimage.distance_transform_edt(mask)` with unit
/// sampling: every foreground (`true`) pixel gets the Euclidean distance from its centre
/// to the nearest background (`false`) pixel centre; background pixels get 0.
/// A mask without any background pixel gives `+infinity` everywhere (scipy's result is
/// undefined there).
///
/// Two separable passes of the 1-D squared-distance lower envelope of parabolas
/// (columns, then rows), O(width·height).
public enum DistanceTransform {
    public static func euclidean(_ mask: Mask) -> Image<Double> {
        let squared = squaredEuclidean(mask)
        return Image(width: mask.width, height: mask.height, pixels: squared.pixels.map { $0.squareRoot() })
    }

    /// Squared distances (exact integers stored as Double; `+infinity` without background).
    public static func squaredEuclidean(_ mask: Mask) -> Image<Double> {
        let w = mask.width, h = mask.height
        var f = [Double](repeating: 0, count: w * h)
        mask.pixels.withUnsafeBufferPointer { m in
            f.withUnsafeMutableBufferPointer { d in
                for i in 0..<m.count { d[i] = m[i] ? .infinity : 0 }
            }
        }
        let n = max(w, h)
        var line = [Double](repeating: 0, count: n)
        var result = [Double](repeating: 0, count: n)
        var v = [Int](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n + 1)
        f.withUnsafeMutableBufferPointer { d in
            // Columns.
            for c in 0..<w {
                for r in 0..<h { line[r] = d[r * w + c] }
                envelope(&line, count: h, into: &result, v: &v, z: &z)
                for r in 0..<h { d[r * w + c] = result[r] }
            }
            // Rows.
            for r in 0..<h {
                for c in 0..<w { line[c] = d[r * w + c] }
                envelope(&line, count: w, into: &result, v: &v, z: &z)
                for c in 0..<w { d[r * w + c] = result[c] }
            }
        }
        return Image(width: w, height: h, pixels: f)
    }

    /// 1-D transform `D(q) = min_p ((q − p)² + f(p))`, parabolas with infinite `f` skipped.
    private static func envelope(_ f: inout [Double], count n: Int, into d: inout [Double],
                                 v: inout [Int], z: inout [Double]) {
        var k = -1
        for q in 0..<n where f[q].isFinite {
            if k < 0 {
                k = 0; v[0] = q; z[0] = -.infinity; z[1] = .infinity
                continue
            }
            let fq = f[q] + Double(q * q)
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
