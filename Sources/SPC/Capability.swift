/// Process capability of one metric against its tolerance: how many σ fit
/// between the mean and the limits. Cp and Cpk use the short-term (within)
/// spread, σ̂ = MR̄ / 1.128, which is what the process could do; Pp and Ppk the
/// overall sample standard deviation, which is what it did, drift included.
///
/// With one limit only (an upper bound on a buckle, say) there is no spread
/// to compare a tolerance width with: Cp and Pp are nil, and Cpk and Ppk come
/// from the side that exists.
public struct Capability: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var sigmaWithin: Double
    public var sigmaOverall: Double
    public var cp: Double?
    public var cpk: Double?
    public var pp: Double?
    public var ppk: Double?

    /// The capability of `values` against `lower` and `upper`; nil with fewer
    /// than two values or no limit at all. An index whose σ is 0 is nil.
    public init?(values: [Double], lower: Double?, upper: Double?) {
        guard values.count >= 2, lower != nil || upper != nil,
              let overall = Statistics.sampleStandardDeviation(values) else { return nil }
        count = values.count
        mean = Statistics.mean(values)
        sigmaWithin = Statistics.mean(IndividualsChart.movingRanges(values)) / IndividualsChart.d2
        sigmaOverall = overall
        cp = Self.potential(lower: lower, upper: upper, sigma: sigmaWithin)
        cpk = Self.centred(mean: mean, lower: lower, upper: upper, sigma: sigmaWithin)
        pp = Self.potential(lower: lower, upper: upper, sigma: sigmaOverall)
        ppk = Self.centred(mean: mean, lower: lower, upper: upper, sigma: sigmaOverall)
    }

    /// (USL − LSL) / 6σ: needs both limits.
    static func potential(lower: Double?, upper: Double?, sigma: Double) -> Double? {
        guard let lower, let upper, sigma > 0 else { return nil }
        return (upper - lower) / (6 * sigma)
    }

    /// min((USL − μ) / 3σ, (μ − LSL) / 3σ) over the limits that exist.
    static func centred(mean: Double, lower: Double?, upper: Double?, sigma: Double) -> Double? {
        guard sigma > 0 else { return nil }
        let sides = [upper.map { ($0 - mean) / (3 * sigma) }, lower.map { (mean - $0) / (3 * sigma) }].compactMap { $0 }
        return sides.min()
    }
}
