import Foundation

/// Independent reference for the tests: the binomial CDF by direct summation
/// `P(X ≤ k) = Σ_{j ≤ k} C(n, j) p^j (1 − p)^(n − j)`, in logs.
enum ReferenceBinomial {
    static func cdf(_ k: Int, n: Int, p: Double) -> Double {
        guard k >= 0 else { return 0 }
        var total = 0.0
        for j in 0...min(k, n) {
            let logTerm = lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1))
                + Double(j) * log(p) + Double(n - j) * log1p(-p)
            total += exp(logTerm)
        }
        return total
    }
}
