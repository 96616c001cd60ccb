/// Ordinary least-squares straight line `y = intercept + slope·x`, with residuals.
///
/// Definition followed: `numpy.polyfit(x, y, 1)` (equivalently scikit-learn
/// `LinearRegression` on one feature): the slope and intercept minimising
/// Σ(yᵢ − ŷᵢ)². Computed in centred form, `slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²`,
/// `intercept = ȳ − slope·x̄`, which is the same minimiser and numerically stable
/// for angles in degrees (x̄ up to 360).
/// Residuals are `yᵢ − ŷᵢ` (observed minus fitted), RMSE = √(mean residual²),
/// MaxAE = max |residual|. The slope's standard error is the textbook one,
/// √(Σ residual² / (n − 2) / Σ(x − x̄)²), NaN for two points.
public struct LineFit: Sendable, Equatable, Codable {
    public let slope: Double
    public let intercept: Double
    /// `y[i] - (intercept + slope * x[i])`, in input order.
    public let residuals: [Double]
    /// Σ(x − x̄)², > 0.
    public let xSpread: Double

    /// `nil` when there are fewer than two points or all `x` are equal
    /// (the line is undetermined; polyfit would warn "poorly conditioned").
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "LineFit: \(x.count) x values for \(y.count) y values")
        let n = x.count
        guard n >= 2 else { return nil }
        let meanX = x.reduce(0, +) / Double(n)
        let meanY = y.reduce(0, +) / Double(n)
        var sxx = 0.0, sxy = 0.0
        for i in 0..<n {
            let dx = x[i] - meanX
            sxx += dx * dx
            sxy += dx * (y[i] - meanY)
        }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
        residuals = (0..<n).map { [slope, intercept] i in y[i] - (intercept + slope * x[i]) }
        xSpread = sxx
    }

    /// Standard error of `slope` (NaN with two points: no residual freedom).
    public var slopeStandardError: Double {
        guard residuals.count > 2 else { return .nan }
        var ss = 0.0
        for r in residuals { ss += r * r }
        return (ss / Double(residuals.count - 2) / xSpread).squareRoot()
    }

    public func value(at x: Double) -> Double { intercept + slope * x }

    /// Root-mean-square of the residuals.
    public var rmse: Double {
        (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
    }

    /// Largest absolute residual.
    public var maxAbsError: Double { residuals.reduce(0) { max($0, abs($1)) } }
}
