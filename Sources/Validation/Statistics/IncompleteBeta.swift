import Foundation

/// The regularized incomplete beta function
/// `I_x(a, b) = B(x; a, b) / B(a, b) = (1/B(a, b)) ∫₀ˣ t^(a−1) (1−t)^(b−1) dt`
/// and its inverse in `x`.
///
/// Evaluated with the continued fraction of Abramowitz & Stegun 26.5.8 by the
/// modified Lentz method (Press et al., *Numerical Recipes*, 3rd ed., §6.4),
/// using the symmetry `I_x(a, b) = 1 − I_{1−x}(b, a)` so that the fraction is
/// always evaluated where it converges fast (`x < (a+1)/(a+b+2)`).
public enum IncompleteBeta {
    /// `I_x(a, b)` for `a, b > 0` and `0 ≤ x ≤ 1`; `nil` outside that domain.
    public static func regularized(x: Double, a: Double, b: Double) -> Double? {
        guard a > 0, b > 0, x >= 0, x <= 1, a.isFinite, b.isFinite else { return nil }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        // Prefactor x^a (1−x)^b / (a B(a, b)), computed in logs to avoid overflow.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The `x` with `I_x(a, b) = p`, i.e. the `p` quantile of the Beta(a, b)
    /// distribution, found by bisection on [0, 1]. `I_x` is monotone in `x`,
    /// so bisection always converges; 200 halvings reach double precision.
    public static func inverse(p: Double, a: Double, b: Double) -> Double? {
        guard a > 0, b > 0, p >= 0, p <= 1 else { return nil }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        var lo = 0.0
        var hi = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            guard let value = regularized(x: mid, a: a, b: b) else { return nil }
            if value < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Continued fraction for `I_x(a, b)` (Numerical Recipes `betacf`).
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-15
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            // Even step of the recurrence.
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
