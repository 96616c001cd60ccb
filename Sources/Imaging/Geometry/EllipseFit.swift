import Foundation

/// Direct least-squares ellipse fit, numerically stable form of Halir & Flusser
/// ("Numerically stable direct least squares fitting of ellipses", WSCG 1998), with the
/// normalisation and parameter extraction of scikit-image `EllipseModel.from_estimate`
/// (0.21–0.26):
/// - points are centred on their mean and divided by the standard deviation of all
///   centred coordinates together (`data.std()`), then the conic
///   `A x² + B xy + C y² + D x + E y + F = 0` minimising algebraic distance under
///   `4AC − B² = 1` is found from the reduced 3×3 eigenproblem
///   `C1⁻¹ (S1 − S2 S3⁻¹ S2ᵀ)`; the eigenvector with `4AC − B² > 0` is taken;
/// - centre, semi-axes and angle follow scikit-image's formulas (Wolfram's ellipse
///   equations 19–23), then `a ≥ b` is enforced by swapping (θ += π/2) and θ is
///   reduced to [0, π); finally the normalisation is undone.
/// Needs ≥ 5 points; returns nil for degenerate data (collinear, not an ellipse).
public enum EllipseFit {
    public static func leastSquares(x: [Double], y: [Double]) -> Ellipse? {
        precondition(x.count == y.count)
        return x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                leastSquares(count: xs.count) { (xs[$0], ys[$0]) }
            }
        }
    }

    /// Fit to the points `point(i)` for `i in 0..<count` (x = col, y = row).
    @inlinable
    public static func leastSquares(count n: Int, point: (Int) -> (Double, Double)) -> Ellipse? {
        guard n >= 5 else { return nil }
        var mx = 0.0, my = 0.0
        for i in 0..<n { let p = point(i); mx += p.0; my += p.1 }
        mx /= Double(n); my /= Double(n)
        var ss = 0.0
        for i in 0..<n { let p = point(i); let dx = p.0 - mx, dy = p.1 - my; ss += dx * dx + dy * dy }
        let scale = (ss / Double(2 * n)).squareRoot()
        guard scale > Double.leastNormalMagnitude else { return nil }
        let inv = 1 / scale
        // Scatter matrices from the moments Σ xⁱyʲ (i + j ≤ 4): D1 = [x², xy, y²], D2 = [x, y, 1].
        var m40 = 0.0, m31 = 0.0, m22 = 0.0, m13 = 0.0, m04 = 0.0
        var m30 = 0.0, m21 = 0.0, m12 = 0.0, m03 = 0.0
        var m20 = 0.0, m11 = 0.0, m02 = 0.0, m10 = 0.0, m01 = 0.0
        for i in 0..<n {
            let p = point(i)
            let x = (p.0 - mx) * inv, y = (p.1 - my) * inv
            let xx = x * x, xy = x * y, yy = y * y
            m40 += xx * xx; m31 += xx * xy; m22 += xx * yy; m13 += xy * yy; m04 += yy * yy
            m30 += xx * x; m21 += xx * y; m12 += x * yy; m03 += yy * y
            m20 += xx; m11 += xy; m02 += yy; m10 += x; m01 += y
        }
        let s1: [Double] = [m40, m31, m22, m31, m22, m13, m22, m13, m04]
        let s2: [Double] = [m30, m21, m20, m21, m12, m11, m12, m03, m02]
        let s3: [Double] = [m20, m11, m10, m11, m02, m01, m10, m01, Double(n)]
        guard let s3inv = Matrix3.inverse(s3) else { return nil }
        // T = −S3⁻¹ S2ᵀ ; reduced scatter S1 + S2 T.
        let t = Matrix3.scale(Matrix3.multiply(s3inv, Matrix3.transpose(s2)), -1)
        let reduced = Matrix3.add(s1, Matrix3.multiply(s2, t))
        // C1⁻¹ = [[0,0,½],[0,−1,0],[½,0,0]].
        let m: [Double] = [
            0.5 * reduced[6], 0.5 * reduced[7], 0.5 * reduced[8],
            -reduced[3], -reduced[4], -reduced[5],
            0.5 * reduced[0], 0.5 * reduced[1], 0.5 * reduced[2],
        ]
        var chosen: [Double]? = nil
        var bestCond = 0.0
        for vector in Matrix3.eigenvectors(m) {
            let norm2 = vector[0] * vector[0] + vector[1] * vector[1] + vector[2] * vector[2]
            let cond = (4 * vector[0] * vector[2] - vector[1] * vector[1]) / norm2
            if cond > bestCond { bestCond = cond; chosen = vector }
        }
        guard let a1 = chosen else { return nil }
        let a2 = Matrix3.apply(t, a1)
        var (a, b, c) = (a1[0], a1[1], a1[2])
        var (d, f) = (a2[0], a2[1])
        let g = a2[2]
        b /= 2; d /= 2; f /= 2
        let den = b * b - a * c
        let x0 = (c * d - b * f) / den
        let y0 = (a * f - b * d) / den
        let numerator = a * f * f + c * d * d + g * b * b - 2 * b * d * f - a * c * g
        let term = ((a - c) * (a - c) + 4 * b * b).squareRoot()
        var width = (2 * numerator / (den * (term - (a + c)))).squareRoot()
        var height = (2 * numerator / (den * (-term - (a + c)))).squareRoot()
        guard width.isFinite, height.isFinite, x0.isFinite, y0.isFinite, width > 0, height > 0 else { return nil }
        var phi = 0.5 * atan((2 * b) / (a - c))
        if a > c { phi += 0.5 * Double.pi }
        if width < height { swap(&width, &height); phi += Double.pi / 2 }
        phi = phi.truncatingRemainder(dividingBy: Double.pi)
        if phi < 0 { phi += Double.pi }   // Python's % has the sign of the divisor.
        if !phi.isFinite { phi = 0 }      // np.nan_to_num
        return Ellipse(xc: x0 * scale + mx, yc: y0 * scale + my, a: width * scale, b: height * scale, theta: phi)
    }
}

/// Small dense 3×3 helpers, row-major `[Double]` of 9.
@usableFromInline
enum Matrix3 {
    @usableFromInline
    static func multiply(_ p: [Double], _ q: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { r[i * 3 + j] = p[i * 3] * q[j] + p[i * 3 + 1] * q[3 + j] + p[i * 3 + 2] * q[6 + j] } }
        return r
    }
    @usableFromInline
    static func transpose(_ p: [Double]) -> [Double] { [p[0], p[3], p[6], p[1], p[4], p[7], p[2], p[5], p[8]] }
    @usableFromInline
    static func add(_ p: [Double], _ q: [Double]) -> [Double] { (0..<9).map { p[$0] + q[$0] } }
    @usableFromInline
    static func scale(_ p: [Double], _ s: Double) -> [Double] { p.map { $0 * s } }
    @usableFromInline
    static func apply(_ p: [Double], _ v: [Double]) -> [Double] {
        (0..<3).map { p[$0 * 3] * v[0] + p[$0 * 3 + 1] * v[1] + p[$0 * 3 + 2] * v[2] }
    }
    @usableFromInline
    static func determinant(_ m: [Double]) -> Double {
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
    }
    @usableFromInline
    static func inverse(_ m: [Double]) -> [Double]? {
        let det = determinant(m)
        let norm = m.reduce(0) { max($0, abs($1)) }
        guard det.isFinite, abs(det) > 1e-300, abs(det) > 1e-14 * norm * norm * norm else { return nil }
        let i = 1 / det
        return [
            (m[4] * m[8] - m[5] * m[7]) * i, (m[2] * m[7] - m[1] * m[8]) * i, (m[1] * m[5] - m[2] * m[4]) * i,
            (m[5] * m[6] - m[3] * m[8]) * i, (m[0] * m[8] - m[2] * m[6]) * i, (m[2] * m[3] - m[0] * m[5]) * i,
            (m[3] * m[7] - m[4] * m[6]) * i, (m[1] * m[6] - m[0] * m[7]) * i, (m[0] * m[4] - m[1] * m[3]) * i,
        ]
    }

    /// Eigenvectors for the real eigenvalues of a 3×3 matrix: roots of the characteristic
    /// cubic (trigonometric form, polished by Newton), each vector the largest cross
    /// product of two rows of `M − λI`. (The Halir–Flusser matrix has real eigenvalues.)
    @usableFromInline
    static func eigenvectors(_ m: [Double]) -> [[Double]] {
        let tr = m[0] + m[4] + m[8]
        let minors = (m[4] * m[8] - m[5] * m[7]) + (m[0] * m[8] - m[2] * m[6]) + (m[0] * m[4] - m[1] * m[3])
        let det = determinant(m)
        // λ³ + p λ² + q λ + r = 0
        let p = -tr, q = minors, r = -det
        let pp = q - p * p / 3
        let qq = 2 * p * p * p / 27 - p * q / 3 + r
        var roots: [Double] = []
        if pp < 0 {
            let k = 2 * (-pp / 3).squareRoot()
            let arg = max(-1, min(1, 3 * qq / (pp * k)))
            let phi = acos(arg) / 3
            for j in 0..<3 { roots.append(k * cos(phi - 2 * Double.pi * Double(j) / 3) - p / 3) }
        } else {
            // One real root (Cardano).
            let disc = qq * qq / 4 + pp * pp * pp / 27
            let sq = max(0, disc).squareRoot()
            roots.append(cbrt(-qq / 2 + sq) + cbrt(-qq / 2 - sq) - p / 3)
        }
        let scaleM = m.reduce(0) { max($0, abs($1)) }
        var vectors: [[Double]] = []
        for var lambda in roots {
            for _ in 0..<3 {
                let f = ((lambda + p) * lambda + q) * lambda + r
                let df = (3 * lambda + 2 * p) * lambda + q
                if df == 0 { break }
                lambda -= f / df
            }
            let rows = [
                [m[0] - lambda, m[1], m[2]],
                [m[3], m[4] - lambda, m[5]],
                [m[6], m[7], m[8] - lambda],
            ]
            var best: [Double] = [0, 0, 0], bestNorm = 0.0
            for (i, j) in [(0, 1), (0, 2), (1, 2)] {
                let u = rows[i], v = rows[j]
                let cr = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
                let n = cr[0] * cr[0] + cr[1] * cr[1] + cr[2] * cr[2]
                if n > bestNorm { bestNorm = n; best = cr }
            }
            if bestNorm > 0 && bestNorm.squareRoot() > 1e-300 * max(1, scaleM) {
                let inv = 1 / bestNorm.squareRoot()
                vectors.append(best.map { $0 * inv })
            }
        }
        return vectors
    }
}
