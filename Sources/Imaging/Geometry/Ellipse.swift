import Foundation

/// An ellipse in image coordinates with scikit-image `EllipseModel` conventions:
/// `x` is the column, `y` the row; `a` is the semi-axis along direction `theta`
/// (radians, measured from +x towards +y, i.e. clockwise on a displayed image),
/// `b` the other semi-axis. Points: `x = xc + a·cosθ·cos t − b·sinθ·sin t`,
/// `y = yc + a·sinθ·cos t + b·cosθ·sin t`.
///
/// Fits from `EllipseFit` return `a ≥ b` and `theta` in [0, π), as scikit-image ≥ 0.21.
public struct Ellipse: Sendable, Equatable, Codable {
    public var xc: Double
    public var yc: Double
    public var a: Double
    public var b: Double
    public var theta: Double

    public init(xc: Double, yc: Double, a: Double, b: Double, theta: Double) {
        self.xc = xc
        self.yc = yc
        self.a = a
        self.b = b
        self.theta = theta
    }

    /// Semi-major and semi-minor axes (`A ≥ B`).
    public var semiMajor: Double { max(a, b) }
    public var semiMinor: Double { min(a, b) }

    /// `sqrt(1 − (B/A)²)`, clamped at 0 (the notebook's guard against rounding).
    public var eccentricity: Double {
        let big = semiMajor, small = semiMinor
        guard big > 0 else { return .nan }
        return max(0, 1 - (small / big) * (small / big)).squareRoot()
    }

    /// Radius of the ellipse along polar direction `angle` about its centre:
    /// `a·b / sqrt((b·cos(angle − θ))² + (a·sin(angle − θ))²)` (docs/method.md step 4.6).
    @inlinable
    public func radius(atPolarAngle angle: Double) -> Double {
        let c = cos(angle - theta), s = sin(angle - theta)
        return a * b / ((b * c) * (b * c) + (a * s) * (a * s)).squareRoot()
    }

    /// `radius(atPolarAngle: atan2(dy, dx))` without trigonometric calls:
    /// cos/sin(θ − φ) from the direction (dx, dy) and precomputed cos φ, sin φ.
    @inlinable
    public func radius(alongDX dx: Double, dy: Double, cosTheta ct: Double, sinTheta st: Double) -> Double {
        let rho = (dx * dx + dy * dy).squareRoot()
        guard rho > 0 else { return min(a, b) }
        let c = (dx * ct + dy * st) / rho, s = (dy * ct - dx * st) / rho
        return a * b / ((b * c) * (b * c) + (a * s) * (a * s)).squareRoot()
    }

    /// Point at parameter `t` (x, y).
    public func point(at t: Double) -> (x: Double, y: Double) {
        let ct = cos(theta), st = sin(theta), c = cos(t), s = sin(t)
        return (xc + a * ct * c - b * st * s, yc + a * st * c + b * ct * s)
    }

    /// Shortest (orthogonal) Euclidean distance from (x, y) to the ellipse curve:
    /// the quantity scikit-image `EllipseModel.residuals` returns (it minimises the
    /// squared distance over the curve parameter with `leastsq` from the polar angle).
    ///
    /// Newton's method on the stationarity condition in the ellipse frame, started from
    /// the point's eccentric angle, reaches the foot point in a few steps for points
    /// near a rounded curve. On an elongated ellipse it can settle on another
    /// stationary point; its answer is then longer than the radial distance to the
    /// curve (an upper bound of the true one), and the robust bisection of
    /// D. Eberly ("Distance from a point to an ellipse", 2011) is used instead.
    @inlinable
    public func distance(x: Double, y: Double) -> Double {
        distance(x: x, y: y, cosTheta: cos(theta), sinTheta: sin(theta))
    }

    /// Whether `distance(x:y:) < threshold`, decided by two bounds before the
    /// foot-point iteration. With `f = sqrt(u²/a² + v²/b²)` (u, v in the ellipse frame)
    /// the point lies on the scaled ellipse `f·E`, and
    /// - `distance ≥ |f − 1|·min(a, b)`: `f·E` and `E` are homothetic about the centre
    ///   and the support function of `E` is at least `min(a, b)`, so the band between
    ///   them is at least that wide;
    /// - `distance ≤ |ρ − ρ/f|`, ρ = |(u, v)|: the radial distance to the curve point
    ///   on the same ray from the centre.
    /// Only points between the two bounds need `distance`; near a good fit that is
    /// none of them, and a bad trial's outliers are mostly decided by the first bound.
    @inlinable
    func isWithin(_ threshold: Double, x: Double, y: Double, cosTheta ct: Double, sinTheta st: Double) -> Bool {
        let dx = x - xc, dy = y - yc
        let u = dx * ct + dy * st
        let v = -dx * st + dy * ct
        let f = (u * u / (a * a) + v * v / (b * b)).squareRoot()
        let g = abs(f - 1)
        if g * Swift.min(a, b) > threshold { return false }
        if f > 0 && (u * u + v * v).squareRoot() * g / f < threshold { return true }
        return distance(x: x, y: y, cosTheta: ct, sinTheta: st) < threshold
    }

    @inlinable
    func distance(x: Double, y: Double, cosTheta ct: Double, sinTheta st: Double) -> Double {
        let dx = x - xc, dy = y - yc
        let u = dx * ct + dy * st
        let v = -dx * st + dy * ct
        let newton = newtonDistance(u: u, v: v)
        let rho = (u * u + v * v).squareRoot()
        let f = (u * u / (a * a) + v * v / (b * b)).squareRoot()
        let radial = f > 0 ? rho * abs(f - 1) / f : Swift.min(a, b)
        if newton.isFinite && newton <= radial * (1 + 1e-12) + 1e-12 { return newton }
        return bisectionDistance(u: u, v: v)
    }

    /// Newton's foot point from the eccentric angle (see `distance`), frame coordinates.
    @inlinable
    func newtonDistance(u: Double, v: Double) -> Double {
        // Foot point (a cos t, b sin t): g(t) = (a²−b²) sin t cos t − u·a·sin t + v·b·cos t = 0.
        // Start at the eccentric angle t₀ = atan2(a·v, b·u), kept as (cos t, sin t) and
        // rotated by each Newton step, so the loop needs no trigonometric calls.
        let k = a * a - b * b
        var c = b * u, s = a * v
        let norm = (c * c + s * s).squareRoot()
        if norm > 0 { c /= norm; s /= norm } else { c = 1; s = 0 }
        for _ in 0..<10 {
            let g = k * s * c - u * a * s + v * b * c
            let dg = k * (c * c - s * s) - u * a * c - v * b * s
            if dg == 0 { break }
            let step = -g / dg
            if abs(step) < 1e-12 { break }
            // Rotate (c, s) by `step`; a series for small steps, trig for large ones.
            let cs: Double, sn: Double
            if abs(step) < 1e-2 {
                let q = step * step
                cs = 1 - q / 2 * (1 - q / 12 * (1 - q / 30))
                sn = step * (1 - q / 6 * (1 - q / 20 * (1 - q / 42)))
            } else {
                cs = cos(step); sn = sin(step)
            }
            let nc = c * cs - s * sn
            s = s * cs + c * sn
            c = nc
        }
        let fu = u - a * c, fv = v - b * s
        return (fu * fu + fv * fv).squareRoot()
    }

    /// Eberly's robust distance: by symmetry the point is taken to the first quadrant
    /// of the frame with the larger semi-axis first; the foot point's Lagrange
    /// parameter is the single root of a monotone function, found by bisection to
    /// machine precision.
    @usableFromInline
    func bisectionDistance(u: Double, v: Double) -> Double {
        // e0 ≥ e1 along (y0, y1).
        let (e0, e1, y0, y1) = a >= b ? (a, b, abs(u), abs(v)) : (b, a, abs(v), abs(u))
        if y1 > 0 {
            if y0 > 0 {
                let z0 = y0 / e0, z1 = y1 / e1
                let g = z0 * z0 + z1 * z1 - 1
                guard g != 0 else { return 0 }
                let r0 = (e0 / e1) * (e0 / e1)
                let sbar = Self.root(r0: r0, z0: z0, z1: z1, g: g)
                let x0 = r0 * y0 / (sbar + r0), x1 = y1 / (sbar + 1)
                return ((x0 - y0) * (x0 - y0) + (x1 - y1) * (x1 - y1)).squareRoot()
            }
            return abs(y1 - e1)
        }
        let numer0 = e0 * y0, denom0 = e0 * e0 - e1 * e1
        if numer0 < denom0 {
            let xde0 = numer0 / denom0
            let x0 = e0 * xde0, x1 = e1 * (1 - xde0 * xde0).squareRoot()
            return ((x0 - y0) * (x0 - y0) + x1 * x1).squareRoot()
        }
        return abs(y0 - e0)
    }

    @usableFromInline
    static func root(r0: Double, z0: Double, z1: Double, g: Double) -> Double {
        let n0 = r0 * z0
        var s0 = z1 - 1
        var s1 = g < 0 ? 0 : (n0 * n0 + z1 * z1).squareRoot() - 1
        var s = 0.0
        for _ in 0..<2100 {
            s = (s0 + s1) / 2
            if s == s0 || s == s1 { break }
            let ratio0 = n0 / (s + r0), ratio1 = z1 / (s + 1)
            let value = ratio0 * ratio0 + ratio1 * ratio1 - 1
            if value > 0 { s0 = s } else if value < 0 { s1 = s } else { break }
        }
        return s
    }
}
