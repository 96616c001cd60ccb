import Analysis
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

    /// - Parameters: `tables`/`quality`: the configuration in force, which gives the
    ///   expected verdict (the one in the truth file was that of the writer's tables).
    public init(truth given: LotTruthFile, record: InspectionRecord, tables: [String: ToleranceTable],
                quality: QualityThresholds) {
        let truth = Self.upgraded(given)
        let cell = truth.cell
        id = cell.id
        self.cell = cell.cell
        format = cell.format
        let expectation = tables[cell.format].map { VerdictExpectation(cell: cell, table: $0, quality: quality) }
            ?? truth.expected[cell.format]
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

    /// Truth files written before the winding excursion was judged: its truth is the
    /// buckle amplitude the method's MaxAE truth already held.
    static func upgraded(_ file: LotTruthFile) -> LotTruthFile {
        var out = file
        let excursion = "winding.max_radial_excursion_mm", maxAE = "winding.max_abs_error_mm"
        if out.cell.metrics[excursion] == nil, let amplitude = out.cell.metrics[maxAE] {
            out.cell.metrics[excursion] = amplitude
        }
        if out.cell.defect.metric == maxAE { out.cell.defect.metric = excursion }
        return out
    }
}
