import Foundation

/// Profile (penalised) likelihood-ratio upper confidence bound on a90,
/// the construction MIL-HDBK-1823A recommends over the Wald
/// bound because it follows the asymmetry of the likelihood.
///
/// Reparametrise by `g = ln a90`: `β0 = ln 9 − β1 g`. The profile
/// `ℓ*_p(g) = max_{β1} ℓ*(ln 9 − β1 g, β1)` and the deviance
/// `D(g) = 2 (ℓ*(β̂) − ℓ*_p(g))`; the one-sided 95 % upper bound is the
/// `g_U > ĝ` with `D(g_U) = 1.645²` (signed root `√D = z₀.₉₅`). The penalised
/// likelihood is profiled, as `logistf` does for Firth fits (Heinze &
/// Schemper, Stat. Med. 21 (2002) 2409). By duality this is also where the
/// pointwise one-sided 95 % LR lower bound on POD(a) crosses 0.9.
extension FirthLogit {
    /// `exp(g_U)`, or `nil` when the deviance stays below the threshold for
    /// `g` up to `ĝ + maxLogSpan` (the data cannot bound a90 from above).
    func a90UpperLikelihoodRatio(beta0: Double, beta1: Double,
                                 z: Double = PODFit.zOneSided95, maxLogSpan: Double = 20) -> Double? {
        guard beta1 > 0, let best = evaluate(beta0, beta1)?.penalisedLogLikelihood else { return nil }
        let gHat = (log(9.0) - beta0) / beta1
        let threshold = z * z
        func deviance(_ g: Double) -> Double? {
            profileLogLikelihood(g: g, startSlope: beta1).map { 2 * (best - $0) }
        }
        // Bracket: walk up from ĝ in doubling steps until D exceeds the threshold.
        var lo = gHat
        var step = 0.05
        var hi = gHat + step
        while true {
            guard let d = deviance(hi) else { return nil }
            if d >= threshold { break }
            lo = hi
            step *= 2
            hi = gHat + step
            if step > maxLogSpan { return nil }
        }
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            guard let d = deviance(mid) else { return nil }
            if d < threshold { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 { break }
        }
        return exp(0.5 * (lo + hi))
    }

    /// `max_{β1 > 0} ℓ*(ln 9 − β1 g, β1)`. Because Firth's modified score is
    /// the gradient of `ℓ*`, the derivative along the constraint line is
    /// `U*_1 − g U*_0`; its root is found by bisection on `β1`.
    func profileLogLikelihood(g: Double, startSlope: Double) -> Double? {
        let logit90 = log(9.0)
        func slope(_ b1: Double) -> Double? {
            evaluate(logit90 - b1 * g, b1).map { $0.score1 - g * $0.score0 }
        }
        var lo = 0.0
        var hi = max(startSlope, 1e-3)
        // The maximiser is positive only if the derivative at β1 → 0⁺ is positive;
        // otherwise the constrained maximum over β1 > 0 is at the boundary.
        guard let atZero = slope(1e-9), atZero > 0 else {
            return evaluate(logit90 - 1e-9 * g, 1e-9)?.penalisedLogLikelihood
        }
        while let s = slope(hi), s > 0 {
            lo = hi
            hi *= 2
            if hi > 1e6 { return nil }
        }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            guard let s = slope(mid) else { return nil }
            if s > 0 { lo = mid } else { hi = mid }
            if hi - lo < 1e-13 * max(1, hi) { break }
        }
        let b1 = 0.5 * (lo + hi)
        return evaluate(logit90 - b1 * g, b1)?.penalisedLogLikelihood
    }
}
