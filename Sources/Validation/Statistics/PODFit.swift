import Foundation

/// Why a POD fit did or did not produce a usable curve.
public enum PODFitStatus: String, Sendable, Codable, CaseIterable {
    /// Fitted; `a50`, `a90`, `a90_95` are set (`a90_95_lr` may still be `nil`: unbounded).
    case ok
    /// Fewer points than the minimum (default 8): the curve would be noise.
    case tooFewPoints = "too_few_points"
    /// A size is ≤ 0, NaN or infinite (the model needs `ln size`).
    case invalidSize = "invalid_size"
    /// Every defect was missed: nothing to fit.
    case noHits = "no_hits"
    /// Every defect was found: POD is indistinguishable from 1 at all sizes.
    case noMisses = "no_misses"
    /// All defects have the same size: the slope is not identifiable.
    case noSizeSpread = "no_size_spread"
    /// The fitted slope β1 ≤ 0: POD does not increase with size, so a90 is meaningless.
    case nonIncreasing = "non_increasing"
    /// The Newton iteration did not converge.
    case notConverged = "not_converged"
}

/// A point of the fitted POD curve with its pointwise lower confidence bound.
public struct PODCurvePoint: Sendable, Hashable, Codable {
    public var size: Double
    /// Fitted POD(size).
    public var pod: Double
    /// One-sided 95 % lower (Wald) bound on POD(size).
    public var podLower95: Double

    enum CodingKeys: String, CodingKey {
        case size, pod
        case podLower95 = "pod_lower_95"
    }
}

/// The hit/miss POD model `logit POD(a) = β0 + β1 · ln a` fitted to a lot
/// (MIL-HDBK-1823A, 2009, hit/miss model with logit link on log size), with the derived sizes.
///
/// - `a50 = exp(−β0/β1)`, `a90 = exp((ln 9 − β0)/β1)` since `logit 0.9 = ln 9`.
/// - `a90_95` is the one-sided 95 % upper confidence bound on `a90` by the
///   delta method (Wald) on `ln a90`:
///   `Var(ln a90) ≈ ∇gᵀ V ∇g`, `g = (ln 9 − β0)/β1`, `∇g = −(1, g)/β1`,
///   `a90_95 = exp(g + 1.645 · √Var)`. MIL-HDBK-1823A prefers
///   likelihood-ratio bounds, which are asymmetric and better behaved for
///   small or nearly separated lots; the Wald bound is an approximation that
///   is usually too narrow there (a lot whose LR bound is unbounded still
///   gets a finite Wald bound; see the tests).
/// - `a90_95_lr` is that likelihood-ratio bound (profile penalised
///   likelihood, see `PODLikelihoodRatioBound.swift`); `nil` when the data do
///   not bound a90 from above within a factor e²⁰ of a90 (or the profile
///   could not be evaluated): report that as "no finite upper bound".
/// - `covariance` is the inverse Fisher information `(XᵀWX)⁻¹` at the
///   estimate, rows/columns ordered (β0, β1).
public struct PODFit: Sendable, Hashable, Codable {
    public var status: PODFitStatus
    /// Human-readable reason when `status != .ok`.
    public var reason: String?
    public var beta0: Double?
    public var beta1: Double?
    public var covariance: [[Double]]?
    public var a50: Double?
    public var a90: Double?
    public var a90_95: Double?
    public var a90_95_lr: Double?
    public var hits: Int
    public var misses: Int
    public var n: Int
    /// Newton iterations used (0 when no fit was attempted).
    public var iterations: Int

    enum CodingKeys: String, CodingKey {
        case status, reason, beta0, beta1, covariance, a50, a90
        case a90_95 = "a90_95"
        case a90_95_lr = "a90_95_lr"
        case hits, misses, n, iterations
    }

    /// z for a one-sided 95 % bound, Φ⁻¹(0.95).
    public static let zOneSided95 = 1.6448536269514722

    /// POD and its one-sided 95 % lower bound at each size, for plotting.
    ///
    /// The bound is the Wald bound on the linear predictor
    /// `η = β0 + β1 ln a`, `Var η = V00 + 2 ln a V01 + (ln a)² V11`,
    /// mapped through the logistic: `POD_lo = logistic(η − 1.645 √Var η)`.
    /// This is pointwise, not the simultaneous Cheng–Iles band of
    /// MIL-HDBK-1823A, so where it crosses 0.9 need not equal `a90_95`.
    /// Empty when the fit has no estimates or a size is ≤ 0.
    public func curve(at sizes: [Double]) -> [PODCurvePoint] {
        guard let b0 = beta0, let b1 = beta1, let v = covariance else { return [] }
        return sizes.compactMap { size in
            guard size > 0, size.isFinite else { return nil }
            let x = log(size)
            let eta = b0 + b1 * x
            let variance = max(0, v[0][0] + 2 * x * v[0][1] + x * x * v[1][1])
            let lower = eta - Self.zOneSided95 * variance.squareRoot()
            return PODCurvePoint(size: size, pod: PODAnalysis.logistic(eta), podLower95: PODAnalysis.logistic(lower))
        }
    }
}
