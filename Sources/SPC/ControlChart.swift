/// An individuals and moving-range (I-MR) chart: one measurement per cell, so
/// the spread is estimated from consecutive differences (short-term, within
/// the process) rather than from subgroups the line does not have.
///
/// The limits come from a baseline window (a stretch of production judged to
/// be in control) and are then held fixed, so that later points are judged
/// against them: limits recomputed over the drift itself would widen with it.
public struct IndividualsChart: Sendable, Equatable {
    /// d₂ for moving ranges of two: σ̂ = MR̄ / d₂.
    public static let d2 = 1.128
    /// D₄ for moving ranges of two: the MR chart's upper limit is D₄·MR̄.
    public static let d4 = 3.267

    /// The baseline mean: the centre line of the individuals chart.
    public var centre: Double
    /// The mean moving range of the baseline.
    public var meanMovingRange: Double
    /// The number of baseline points the limits were computed from.
    public var baselineCount: Int

    /// σ̂ within = MR̄ / 1.128.
    public var sigma: Double { meanMovingRange / Self.d2 }
    public var upperControlLimit: Double { centre + 3 * sigma }
    public var lowerControlLimit: Double { centre - 3 * sigma }
    /// The moving-range chart's upper limit (its lower limit is 0).
    public var movingRangeUpperLimit: Double { Self.d4 * meanMovingRange }

    public init(centre: Double, meanMovingRange: Double, baselineCount: Int) {
        self.centre = centre
        self.meanMovingRange = meanMovingRange
        self.baselineCount = baselineCount
    }

    /// The chart of `baseline`; nil with fewer than two points (no moving range).
    public init?(baseline: [Double]) {
        guard baseline.count >= 2 else { return nil }
        let ranges = Self.movingRanges(baseline)
        self.init(centre: Statistics.mean(baseline), meanMovingRange: Statistics.mean(ranges), baselineCount: baseline.count)
    }

    /// |xᵢ − xᵢ₋₁| for i ≥ 1: one fewer than the values.
    public static func movingRanges(_ values: [Double]) -> [Double] {
        guard values.count >= 2 else { return [] }
        return (1..<values.count).map { abs(values[$0] - values[$0 - 1]) }
    }

    /// The distance of `value` from the centre line in units of σ̂ (0 when σ̂ is 0).
    func zone(_ value: Double) -> Double {
        sigma > 0 ? (value - centre) / sigma : 0
    }
}

/// Means and standard deviations, kept here so SPC needs nothing else.
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n − 1); nil with fewer than two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let m = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
