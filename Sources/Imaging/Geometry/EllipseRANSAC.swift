import Foundation

/// Robust ellipse fit: RANSAC around `EllipseFit.leastSquares`, with the semantics of
/// scikit-image `measure.ransac(points, EllipseModel, min_samples, residual_threshold,
/// max_trials, stop_probability)` (0.26):
/// - each trial fits a minimal sample of `minSamples` distinct points (the trial counts
///   even when that fit fails); residual = orthogonal distance to the ellipse
///   (`Ellipse.distance`); inliers are `residual < residualThreshold` (strict);
/// - a trial becomes the best when it has more inliers, or as many with a smaller sum of
///   squared residuals; the trial limit then shrinks to
///   `min(maxTrials, ⌈log(max(ε, 1 − p)) / log(max(ε, 1 − w^m))⌉)` with w the inlier
///   fraction, m = `minSamples`, p = `stopProbability`, ε = machine epsilon;
/// - the result is the least-squares fit to the best trial's inliers.
/// scikit-image's default `stop_probability` is 1 (kept here), which still stops early:
/// with ε the formula needs only ~30 trials when 95 % of points are inliers.
///
/// Unlike scikit-image (which draws from NumPy's global generator unless given one),
/// sampling uses `SeededGenerator(seed:)`, so a seed reproduces the result exactly.
public struct EllipseRANSAC: Sendable {
    public var minSamples: Int = 5
    public var residualThreshold: Double = 1
    public var maxTrials: Int = 2000
    public var stopProbability: Double = 1

    public init(minSamples: Int = 5, residualThreshold: Double = 1, maxTrials: Int = 2000,
                stopProbability: Double = 1) {
        self.minSamples = minSamples
        self.residualThreshold = residualThreshold
        self.maxTrials = maxTrials
        self.stopProbability = stopProbability
    }

    public struct Result: Sendable {
        public var ellipse: Ellipse
        public var inliers: [Bool]
        public var inlierCount: Int
        /// Trials run before stopping (scikit-image's `num_trials`).
        public var trials: Int
    }

    /// Fits `x`, `y` (column, row). Returns nil when no trial produced an ellipse with inliers.
    public func fit(x: [Double], y: [Double], seed: UInt64) -> Result? {
        precondition(x.count == y.count)
        let n = x.count
        guard n >= minSamples, minSamples >= 5 else { return nil }
        var rng = SeededGenerator(seed: seed)
        var bestCount = 0
        var bestSum = Double.infinity
        var best: [Bool] = []
        var current = [Bool](repeating: false, count: n)
        var limit = maxTrials
        var trials = 0
        return x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                while trials < limit {
                    trials += 1
                    let sample = rng.distinctIndices(minSamples, below: n)
                    guard let model = EllipseFit.leastSquares(count: sample.count, point: { (xs[sample[$0]], ys[sample[$0]]) })
                    else { continue }
                    let ct = cos(model.theta), st = sin(model.theta)
                    // Pass 1, inliers only: most points are decided by bounds, without the
                    // foot-point iteration (`Ellipse.isWithin`). A trial is chosen only with at
                    // least the best inlier count so far, so once the outliers seen leave it
                    // short of that, it stops. The outcome is the same as scoring every point
                    // (scikit-image's behaviour); on slices with many outliers (caps, crimps)
                    // most trials end after a fraction of the points.
                    let allowedOutliers = n - bestCount
                    var outliers = 0
                    var count = 0
                    let complete = current.withUnsafeMutableBufferPointer { flags -> Bool in
                        for i in 0..<n {
                            let inlier = model.isWithin(residualThreshold, x: xs[i], y: ys[i], cosTheta: ct, sinTheta: st)
                            flags[i] = inlier
                            if inlier {
                                count += 1
                            } else {
                                outliers += 1
                                if outliers > allowedOutliers { return false }
                            }
                        }
                        return true
                    }
                    guard complete, count >= bestCount else { continue }
                    // Pass 2, only for a candidate: the exact residual sum that breaks ties.
                    var sum = 0.0
                    for i in 0..<n {
                        let r = model.distance(x: xs[i], y: ys[i], cosTheta: ct, sinTheta: st)
                        sum += r * r
                    }
                    if count > bestCount || (count == bestCount && sum < bestSum) {
                        bestCount = count
                        bestSum = sum
                        best = current
                        limit = min(limit, Self.dynamicMaxTrials(inliers: count, points: n,
                                                                 minSamples: minSamples, probability: stopProbability))
                    }
                }
                guard bestCount > 0 else { return nil }
                var ix: [Double] = [], iy: [Double] = []
                ix.reserveCapacity(bestCount); iy.reserveCapacity(bestCount)
                for i in 0..<n where best[i] { ix.append(xs[i]); iy.append(ys[i]) }
                guard let final = EllipseFit.leastSquares(x: ix, y: iy) else { return nil }
                return Result(ellipse: final, inliers: best, inlierCount: bestCount, trials: trials)
            }
        }
    }

    /// scikit-image `_dynamic_max_trials`.
    public static func dynamicMaxTrials(inliers: Int, points: Int, minSamples: Int, probability: Double) -> Int {
        if probability == 0 { return 0 }
        if inliers == 0 { return Int.max }
        let eps = Double.ulpOfOne
        let ratio = Double(inliers) / Double(points)
        let nom = max(eps, 1 - probability)
        let denom = max(eps, 1 - pow(ratio, Double(minSamples)))
        let trials = (log(nom) / log(denom)).rounded(.up)
        return trials >= Double(Int.max) ? Int.max : Int(trials)
    }
}
