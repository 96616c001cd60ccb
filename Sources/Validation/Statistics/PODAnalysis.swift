import Foundation

/// Hit/miss probability-of-detection analysis (MIL-HDBK-1823A, 2009, hit/miss analysis):
/// fits `logit POD(a) = β0 + β1 · ln a` by Firth's bias-reduced
/// (penalised) maximum likelihood.
///
/// Firth (Biometrika 80 (1993) 27) maximises
/// `ℓ*(β) = ℓ(β) + ½ ln det I(β)` — the log-likelihood plus the log of the
/// Jeffreys prior — whose estimate is finite even under complete separation,
/// which synthetic validation lots produce routinely (every defect above a
/// size found, every one below missed) and where plain ML diverges
/// (Heinze & Schemper, Stat. Med. 21 (2002) 2409). The penalised score is
/// `U*_j = Σ_i (y_i − p_i + h_i (½ − p_i)) x_ij`, with `h_i` the diagonal of
/// the weighted hat matrix `W^½ X (XᵀWX)⁻¹ Xᵀ W^½`; it is solved by the
/// Newton-type iteration `β ← β + I(β)⁻¹ U*(β)` with step halving on `ℓ*`
/// and a step cap, as in the R package `logistf`.
public enum PODAnalysis {
    /// Default minimum number of points for a fit.
    public static let defaultMinimumPoints = 8

    /// Fits the POD curve to hit/miss data; never fails, reports through `status`.
    public static func fit(_ points: [PODPoint], minimumPoints: Int = defaultMinimumPoints) -> PODFit {
        let hits = points.filter(\.hit).count
        var result = PODFit(status: .ok, reason: nil, beta0: nil, beta1: nil, covariance: nil,
                            a50: nil, a90: nil, a90_95: nil, a90_95_lr: nil,
                            hits: hits, misses: points.count - hits, n: points.count, iterations: 0)
        if let (status, reason) = precheck(points, hits: hits, minimumPoints: minimumPoints) {
            result.status = status
            result.reason = reason
            return result
        }
        let x = points.map { log($0.size) }
        let y = points.map { $0.hit ? 1.0 : 0.0 }
        let model = FirthLogit(x: x, y: y)
        guard let solution = model.solve() else {
            result.status = .notConverged
            result.reason = "Firth Newton iteration did not converge"
            return result
        }
        result.iterations = solution.iterations
        result.beta0 = solution.beta0
        result.beta1 = solution.beta1
        result.covariance = solution.covariance
        guard solution.beta1 > 0 else {
            result.status = .nonIncreasing
            result.reason = "fitted slope β1 = \(solution.beta1) ≤ 0: POD does not increase with size"
            return result
        }
        fillSizes(&result, beta0: solution.beta0, beta1: solution.beta1, covariance: solution.covariance)
        result.a90_95_lr = model.a90UpperLikelihoodRatio(beta0: solution.beta0, beta1: solution.beta1)
        return result
    }

    /// The logistic function `1 / (1 + e^(−η))`, evaluated without overflow.
    public static func logistic(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// Degenerate inputs, checked in order of how fundamental they are.
    private static func precheck(_ points: [PODPoint], hits: Int, minimumPoints: Int) -> (PODFitStatus, String)? {
        if points.contains(where: { !($0.size > 0) || !$0.size.isFinite }) {
            return (.invalidSize, "every size must be finite and > 0")
        }
        if points.count < max(minimumPoints, 3) {
            return (.tooFewPoints, "\(points.count) points, need at least \(max(minimumPoints, 3))")
        }
        if hits == 0 { return (.noHits, "no defect was detected") }
        if hits == points.count { return (.noMisses, "every defect was detected") }
        let sizes = Set(points.map(\.size))
        if sizes.count < 2 { return (.noSizeSpread, "all defects have the same size") }
        return nil
    }

    /// a50, a90 and the delta-method a90/95 (see `PODFit`).
    private static func fillSizes(_ result: inout PODFit, beta0: Double, beta1: Double, covariance v: [[Double]]) {
        let logit90 = log(9.0)
        let g = (logit90 - beta0) / beta1
        // ∇g = (−1/β1, −g/β1); Var = ∇gᵀ V ∇g.
        let variance = (v[0][0] + 2 * g * v[0][1] + g * g * v[1][1]) / (beta1 * beta1)
        result.a50 = exp(-beta0 / beta1)
        result.a90 = exp(g)
        result.a90_95 = exp(g + PODFit.zOneSided95 * max(0, variance).squareRoot())
    }
}

/// Firth-penalised logistic regression with one covariate: `logit p = β0 + β1 x`.
struct FirthLogit {
    let x: [Double]
    let y: [Double]

    struct Solution {
        var beta0: Double
        var beta1: Double
        var covariance: [[Double]]
        var iterations: Int
    }

    /// Quantities at one β: penalised log-likelihood, Fisher information
    /// `[[i00, i01], [i01, i11]]` and modified score.
    struct Evaluation {
        var penalisedLogLikelihood: Double
        var i00: Double, i01: Double, i11: Double
        var score0: Double, score1: Double
        var determinant: Double { i00 * i11 - i01 * i01 }
    }

    func evaluate(_ b0: Double, _ b1: Double) -> Evaluation? {
        var logLik = 0.0
        var i00 = 0.0, i01 = 0.0, i11 = 0.0
        var p = [Double](repeating: 0, count: x.count)
        for k in x.indices {
            let eta = b0 + b1 * x[k]
            // ln p = −softplus(−η), ln(1 − p) = −softplus(η).
            logLik -= y[k] > 0.5 ? softplus(-eta) : softplus(eta)
            p[k] = PODAnalysis.logistic(eta)
            let w = p[k] * (1 - p[k])
            i00 += w
            i01 += w * x[k]
            i11 += w * x[k] * x[k]
        }
        let det = i00 * i11 - i01 * i01
        guard det > 0, det.isFinite else { return nil }
        var s0 = 0.0, s1 = 0.0
        for k in x.indices {
            let w = p[k] * (1 - p[k])
            // h_k = w_k · x_kᵀ I⁻¹ x_k with x_k = (1, x).
            let h = w * (i11 - 2 * i01 * x[k] + i00 * x[k] * x[k]) / det
            let r = y[k] - p[k] + h * (0.5 - p[k])
            s0 += r
            s1 += r * x[k]
        }
        return Evaluation(penalisedLogLikelihood: logLik + 0.5 * log(det),
                          i00: i00, i01: i01, i11: i11, score0: s0, score1: s1)
    }

    /// Newton iteration with step cap and step halving (logistf defaults:
    /// max step 5, 25 iterations of halving, convergence 1e-5 on β and score;
    /// we use a tighter 1e-10 because a tiny lot costs nothing).
    func solve(maxIterations: Int = 200, tolerance: Double = 1e-10) -> Solution? {
        var b0 = 0.0, b1 = 0.0
        guard var current = evaluate(b0, b1) else { return nil }
        for iteration in 1...maxIterations {
            let det = current.determinant
            var d0 = (current.i11 * current.score0 - current.i01 * current.score1) / det
            var d1 = (-current.i01 * current.score0 + current.i00 * current.score1) / det
            let largest = max(abs(d0), abs(d1))
            if largest > 5 { d0 *= 5 / largest; d1 *= 5 / largest }
            var accepted: Evaluation?
            for _ in 0..<30 {
                if let trial = evaluate(b0 + d0, b1 + d1),
                   trial.penalisedLogLikelihood >= current.penalisedLogLikelihood - 1e-12 {
                    accepted = trial
                    break
                }
                d0 /= 2; d1 /= 2
            }
            guard let next = accepted else { return nil }
            b0 += d0; b1 += d1
            current = next
            let scoreSize = max(abs(current.score0), abs(current.score1))
            if max(abs(d0), abs(d1)) < tolerance, scoreSize < 1e-8 {
                let det = current.determinant
                let covariance = [[current.i11 / det, -current.i01 / det],
                                  [-current.i01 / det, current.i00 / det]]
                return Solution(beta0: b0, beta1: b1, covariance: covariance, iterations: iteration)
            }
        }
        return nil
    }

    private func softplus(_ z: Double) -> Double {
        max(z, 0) + log1p(exp(-abs(z)))
    }
}
