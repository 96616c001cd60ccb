/// One measured value with its unit and, where known, its standard uncertainty
/// (one sigma, same unit), e.g. the spread of a RANSAC fit over seeds.
public struct Measurement: Sendable, Codable, Equatable {
    public var id: MetricID
    public var value: Double
    public var unit: String
    public var uncertainty: Double?

    public init(_ id: MetricID, _ value: Double, unit: String, uncertainty: Double? = nil) {
        self.id = id
        self.value = value
        self.unit = unit
        self.uncertainty = uncertainty
    }
}

/// What every analysis returns: the measurements to judge, plus analysis-specific
/// details (per-slice profiles, per-layer fits, per-overhang regions) for people
/// and reports. Encodes as `{"measurements": [...], "details": {...}}`.
public struct AnalysisReport<Details: Sendable & Codable>: Sendable, Codable {
    public var measurements: [Measurement]
    public var details: Details

    public init(measurements: [Measurement], details: Details) {
        self.measurements = measurements
        self.details = details
    }
}
