import Foundation

/// Exact (Clopper–Pearson) confidence bounds for a binomial proportion `k / n`.
///
/// The one-sided upper bound at confidence `c` is the `p` with
/// `P(X ≤ k | n, p) = 1 − c`, i.e. the `c` quantile of Beta(k + 1, n − k)
/// (Clopper & Pearson, Biometrika 26 (1934) 404–413). For `k = 0` it has the
/// closed form `1 − (1 − c)^(1/n)`.
///
/// Convention used by cellqa: rates are reported with the **one-sided 95 %**
/// upper bound (`c = 0.95`), so "0 of 200" reads "≤ 1.49 %" (1 − 0.05^(1/200) = 0.014867). The upper end of
/// the two-sided 95 % interval is the one-sided bound at `c = 0.975`
/// ("0 of 200 ≤ 1.83 %").
public enum ClopperPearson {
    /// One-sided upper confidence bound on the proportion; `nil` when `n = 0`
    /// or `k ∉ [0, n]`.
    public static func upperBound(successes k: Int, trials n: Int, confidence c: Double = 0.95) -> Double? {
        guard n > 0, k >= 0, k <= n, c > 0, c < 1 else { return nil }
        if k == n { return 1 }
        if k == 0 { return 1 - pow(1 - c, 1 / Double(n)) }
        return IncompleteBeta.inverse(p: c, a: Double(k + 1), b: Double(n - k))
    }

    /// One-sided lower confidence bound: the `1 − c` quantile of Beta(k, n − k + 1).
    public static func lowerBound(successes k: Int, trials n: Int, confidence c: Double = 0.95) -> Double? {
        guard n > 0, k >= 0, k <= n, c > 0, c < 1 else { return nil }
        if k == 0 { return 0 }
        if k == n { return pow(1 - c, 1 / Double(n)) }
        return IncompleteBeta.inverse(p: 1 - c, a: Double(k), b: Double(n - k + 1))
    }
}
