import Inspection

/// What the production inspection made of one lot scan, beside its truth.
public struct LotObservation: Sendable, Codable, Equatable {
    public var id: String
    public var cell: String
    public var format: String
    public var expected: ExpectedVerdict
    public var expectedFailing: [String]
    public var observed: String
    /// Measured value per metric id.
    public var measured: [String: Double]
    public var failing: [String]
    public var unmeasured: [String]
    public var reasons: [String]
    public var seconds: Double
    public var truth: LotTruthFile

    public init(truth: LotTruthFile, record: InspectionRecord) {
        let cell = truth.cell
        id = cell.id
        self.cell = cell.cell
        format = cell.format
        let expectation = truth.expected[cell.format]
        expected = expectation?.call ?? .ambiguous
        expectedFailing = expectation?.failing ?? []
        observed = record.verdict.rawValue
        measured = Dictionary(record.metrics.map { ($0.metric.rawValue, $0.value) }, uniquingKeysWith: { first, _ in first })
        failing = record.failingMetrics.map(\.metric.rawValue)
        unmeasured = record.unmeasured.map(\.metric.rawValue)
        reasons = record.reasons
        seconds = record.totalSeconds
        self.truth = truth
    }
}
