import Foundation

/// Student's t distribution with `ν ≥ 1` degrees of freedom (real-valued).
///
/// CDF via the incomplete beta function: for `t ≥ 0`,
/// `F(t) = 1 − ½ · I_{ν/(ν+t²)}(ν/2, ½)` (Abramowitz & Stegun ch. 26.7);
/// the quantile inverts it by bisection because `F` is monotone.
public enum StudentTDistribution {
    /// `P(T ≤ t)` for `ν` degrees of freedom; `nil` when `ν ≤ 0`.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double? {
        guard nu > 0, !t.isNaN else { return nil }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        guard let tail = IncompleteBeta.regularized(x: nu / (nu + t * t), a: nu / 2, b: 0.5) else { return nil }
        return t >= 0 ? 1 - 0.5 * tail : 0.5 * tail
    }

    /// The `p` quantile `t(p, ν)` for `0 < p < 1`; e.g. `quantile(0.975, 10) = 2.228`.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double? {
        guard nu > 0, p > 0, p < 1 else { return nil }
        if p == 0.5 { return 0 }
        // Symmetry: solve for the upper tail only.
        if p < 0.5 { return quantile(1 - p, degreesOfFreedom: nu).map { -$0 } }
        // Bracket: grow the upper end until F(hi) ≥ p (ν = 1, p → 1 needs large t).
        var lo = 0.0
        var hi = 1.0
        while let value = cdf(hi, degreesOfFreedom: nu), value < p {
            lo = hi
            hi *= 2
            if hi > 1e300 { return nil }
        }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            guard let value = cdf(mid, degreesOfFreedom: nu) else { return nil }
            if value < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
