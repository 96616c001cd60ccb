import Imaging

/// Ellipse fit to the outer contour and the metrics derived from it (docs/method.md step
/// 4.5–4.6): centre, semi-axes A ≥ B, angle, eccentricity and dent profile, for the
/// plain least-squares fit and for seeded RANSAC fits.
///
/// RANSAC (`EllipseRANSAC`, scikit-image `ransac` semantics) is run once per seed
/// `baseSeed, baseSeed+1, …`; the reported value of each ellipse-derived metric is the
/// mean over the seeds and its uncertainty the population std over them, since on a
/// nearly circular can the angle and eccentricity depend on which points were sampled.
/// Every run is deterministic.
public struct CanEllipseFit: Sendable {
    /// One fitted ellipse and its derived figures (pixels, radians).
    public struct Estimate: Sendable, Codable, Equatable {
        public var ellipse: Ellipse
        public var semiMajorPx: Double
        public var semiMinorPx: Double
        public var eccentricity: Double
        public var maxDentPx: Double
        public var maxDentAngle: Double
        public var inliers: Int?

        init(ellipse: Ellipse, dent: DentProfile, inliers: Int?) {
            self.ellipse = ellipse
            semiMajorPx = ellipse.semiMajor
            semiMinorPx = ellipse.semiMinor
            eccentricity = ellipse.eccentricity
            maxDentPx = dent.maxDentPx
            maxDentAngle = dent.maxDentAngle
            self.inliers = inliers
        }
    }

    /// Mean and population std over the seeds.
    public struct Spread: Sendable, Codable, Equatable {
        public var mean: Double
        public var std: Double
        public var min: Double
        public var max: Double

        init(_ values: [Double]) {
            let n = Double(values.count)
            mean = values.reduce(0, +) / n
            let m = mean
            std = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot()
            min = values.min() ?? .nan
            max = values.max() ?? .nan
        }
    }

    public var leastSquares: Estimate
    /// Per seed, in seed order (empty when RANSAC is off).
    public var ransac: [Estimate]
    public var eccentricity: Spread
    public var semiMajorPx: Spread
    public var semiMinorPx: Spread
    public var maxDentPx: Spread
    public var centreX: Spread
    public var centreY: Spread
    /// Dent profile against the first seed's RANSAC ellipse (the least-squares one without RANSAC).
    public var profile: DentProfile

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case tooFewPoints(Int)
        case leastSquaresFailed
        case ransacFailed
        public var description: String {
            switch self {
            case .tooFewPoints(let n): "outer contour has \(n) points; an ellipse needs at least 5"
            case .leastSquaresFailed: "least-squares ellipse fit failed: the outer contour is degenerate (not a can wall?)"
            case .ransacFailed: "RANSAC found no ellipse with inliers: raise the residual threshold or check the mask"
            }
        }
    }

    public init(outer contour: Contour, options: CanSliceOptions) throws(Failure) {
        let x = contour.cols, y = contour.rows
        guard x.count >= 5 else { throw .tooFewPoints(x.count) }
        guard let ls = EllipseFit.leastSquares(x: x, y: y) else { throw .leastSquaresFailed }
        let lsDent = DentProfile(contour: contour, ellipse: ls, bins: options.bins, aggregation: options.dentAggregation)
        leastSquares = Estimate(ellipse: ls, dent: lsDent, inliers: x.count)
        var runs: [Estimate] = []
        var firstProfile: DentProfile? = nil
        if options.seedCount > 0 {
            let ransac = EllipseRANSAC(minSamples: 5, residualThreshold: options.ransacResidualThreshold,
                                       maxTrials: options.ransacMaxTrials, stopProbability: options.ransacStopProbability)
            for k in 0..<options.seedCount {
                guard let fit = ransac.fit(x: x, y: y, seed: options.baseSeed &+ UInt64(k)) else { throw .ransacFailed }
                let dent = DentProfile(contour: contour, ellipse: fit.ellipse, bins: options.bins,
                                       aggregation: options.dentAggregation)
                if firstProfile == nil { firstProfile = dent }
                runs.append(Estimate(ellipse: fit.ellipse, dent: dent, inliers: fit.inlierCount))
            }
        }
        ransac = runs
        let used = runs.isEmpty ? [leastSquares] : runs
        eccentricity = Spread(used.map(\.eccentricity))
        semiMajorPx = Spread(used.map(\.semiMajorPx))
        semiMinorPx = Spread(used.map(\.semiMinorPx))
        maxDentPx = Spread(used.map(\.maxDentPx))
        centreX = Spread(used.map(\.ellipse.xc))
        centreY = Spread(used.map(\.ellipse.yc))
        profile = firstProfile ?? lsDent
    }
}
