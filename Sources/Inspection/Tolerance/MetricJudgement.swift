import Analysis

/// One measurement judged against its limit: the row of the record, the CSV and
/// the `measurements` table.
public struct MetricJudgement: Sendable, Codable, Equatable {
    public var metric: MetricID
    public var value: Double
    public var unit: String
    /// Standard uncertainty (1σ) reported by the analysis, same unit.
    public var uncertainty: Double?
    public var lower: Double?
    public var upper: Double?
    public var guardBand: Double?
    /// `nil` when the table has no limit for this metric (recorded, not judged).
    public var pass: Bool?
    /// Within the uncertainty or the guard band of a limit (on either side).
    public var nearLimit: Bool
    /// Signed distance to the nearest limit, same unit: positive inside the
    /// interval, negative outside (by how much it fails). `nil` when not judged.
    public var margin: Double?
    /// The stage that measured it.
    public var stage: String
    /// `.lower` when the value is a lower bound (``Measurement/bound``): it is judged
    /// against the upper limit only, and recorded only when it fails there.
    public var bound: Measurement.Bound?

    public init(measurement: Measurement, limit: ToleranceLimit?, stage: String) {
        metric = measurement.id
        value = measurement.value
        unit = measurement.unit
        uncertainty = measurement.uncertainty
        lower = limit?.lower
        upper = limit?.upper
        guardBand = limit?.guardBand
        self.stage = stage
        bound = measurement.bound
        guard let limit, limit.lower != nil || limit.upper != nil else {
            pass = nil
            nearLimit = false
            margin = nil
            return
        }
        // A lower bound is only ever held against an upper limit: the true value may be larger.
        let lowerLimit = measurement.bound == .lower ? nil : limit.lower
        let distances = [lowerLimit.map { measurement.value - $0 }, limit.upper.map { $0 - measurement.value }].compactMap { $0 }
        guard let nearest = distances.min() else {
            pass = nil
            nearLimit = false
            margin = nil
            return
        }
        margin = nearest
        pass = nearest >= 0
        let closeness = max(limit.guardBand ?? 0, measurement.uncertainty ?? 0)
        nearLimit = closeness > 0 && abs(nearest) <= closeness
    }

    /// "can.wall_thickness_min_mm = 0.198 mm < lower 0.22 mm by 0.022 mm".
    public var failureDescription: String? {
        guard pass == false, let margin else { return nil }
        let by = Formatting.quantity(-margin, unit: unit)
        if let lower, value < lower {
            return "\(metric) = \(Formatting.quantity(value, unit: unit)) < lower \(Formatting.quantity(lower, unit: unit)) by \(by)"
        }
        if let upper, value > upper {
            return "\(metric) \(bound == .lower ? "≥" : "=") \(Formatting.quantity(value, unit: unit)) > upper \(Formatting.quantity(upper, unit: unit)) by \(by)"
        }
        return "\(metric) = \(Formatting.quantity(value, unit: unit)) outside its limits"
    }

    /// "[0.22, 0.28] mm", "≤ 0", "≥ 5" or "—".
    public var limitText: String {
        let u = unit.isEmpty ? "" : " \(unit)"
        switch (lower, upper) {
        case let (l?, h?): return "[\(Formatting.number(l)), \(Formatting.number(h))]\(u)"
        case let (l?, nil): return "≥ \(Formatting.number(l))\(u)"
        case let (nil, h?): return "≤ \(Formatting.number(h))\(u)"
        default: return "—"
        }
    }

    enum CodingKeys: String, CodingKey {
        case metric, value, unit, uncertainty, lower, upper, guardBand = "guard_band"
        case pass, nearLimit = "near_limit", margin, stage, bound
    }
}
