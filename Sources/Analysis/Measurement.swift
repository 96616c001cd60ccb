/// One measured value with its unit and, where known, its standard uncertainty
/// (one sigma, same unit), e.g. the spread of a RANSAC fit over seeds.
public struct Measurement: Sendable, Codable, Equatable {
    public var id: MetricID
    public var value: Double
    public var unit: String
    public var uncertainty: Double?
    /// `.lower` when part of what the metric covers could not be measured and the value
    /// is the largest over the rest: the true value is at least this. Such a value can
    /// fail a cell (beyond an upper limit) but never pass one: the analysis lists the
    /// metric as ``Unmeasured`` too, which stands when the bound is within the limits.
    /// nil for a value that covers everything.
    public var bound: Bound?

    public enum Bound: String, Sendable, Codable, Equatable {
        case lower
    }

    public init(_ id: MetricID, _ value: Double, unit: String, uncertainty: Double? = nil, bound: Bound? = nil) {
        self.id = id
        self.value = value
        self.unit = unit
        self.uncertainty = uncertainty
        self.bound = bound
    }
}

/// A metric an analysis could not measure on this scan, and why: the analysis
/// diagnosed its own measurement as broken (layers merged or lost, too few
/// layer ends, polarity not identified, can found on too few slices).
///
/// A broken measurement is not a defect: the inspector never FAILs a cell on it
/// and never PASSes a cell whose table requires it (the scan is INVALID:
/// review or rescan). `reason` is for people; `code` is stable for grouping
/// (`winding.layers_merged`).
public struct Unmeasured: Sendable, Codable, Equatable {
    public var id: MetricID
    public var code: String
    public var reason: String

    public init(_ id: MetricID, code: String, reason: String) {
        self.id = id
        self.code = code
        self.reason = reason
    }
}

/// What every analysis returns: the measurements to judge, the metrics it could
/// not measure (with why), plus analysis-specific details (per-slice profiles,
/// per-layer fits, per-overhang regions) for people and reports. Encodes as
/// `{"measurements": [...], "unmeasured": [...], "details": {...}}`.
public struct AnalysisReport<Details: Sendable & Codable>: Sendable, Codable {
    public var measurements: [Measurement]
    public var unmeasured: [Unmeasured]
    public var details: Details

    public init(measurements: [Measurement], unmeasured: [Unmeasured] = [], details: Details) {
        self.measurements = measurements
        self.unmeasured = unmeasured
        self.details = details
    }
}
