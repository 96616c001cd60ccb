import Analysis
import Imaging

/// One step of an inspection: reads the volume, returns measurements, images and details.
///
/// The contract: `run` reads what it needs from `input.volume` (one slice at a
/// time), returns or throws; a throw makes the scan ERROR naming this stage. It
/// never writes files (sinks do) and never judges (the Inspector does, against
/// the tolerance table). Stages of kind ``StageKind/qualityGate`` run first; if
/// any reports a ``QualityProblem`` or a quality measurement breaks the
/// configured ``QualityThresholds`` (judged by the one table, ``QualityRule/all``),
/// the scan is INVALID and the analyses are skipped.
public protocol InspectionStage: Sendable {
    /// Short, stable name used in records, timings and error messages (`can`, `winding`).
    var name: String { get }
    var kind: StageKind { get }
    /// Names of the analysis stages whose outputs `run` reads from `input.earlier`;
    /// it starts once they have finished, alongside stages it does not depend on.
    /// nil: every analysis stage configured before it (the safe default).
    /// Quality-gate outputs are always there.
    var inputs: [String]? { get }
    /// The slices `run` will read, in its order, as far as they are known before any
    /// stage has run: the inspector asks the volume to read them ahead
    /// (`SliceSource.willRead`). Empty (the default) when they depend on earlier outputs.
    func plannedSlices(of volume: any SliceSource, parameters: AnalysisParameters) -> [Int]
    func run(_ input: StageInput) async throws -> StageOutput
}

extension InspectionStage {
    public var kind: StageKind { .analysis }
    public var inputs: [String]? { nil }
    public func plannedSlices(of volume: any SliceSource, parameters: AnalysisParameters) -> [Int] { [] }
}

public enum StageKind: String, Sendable, Codable {
    /// Decides whether the scan is measurable at all (SNR, tilt, cupping, blur, streaks).
    case qualityGate = "quality-gate"
    /// Measures the cell.
    case analysis
}

/// What a stage sees: the scan, its volume (lazy slices) and the settings, plus
/// the outputs of the stages that ran before it (e.g. the can centre for winding).
public struct StageInput: Sendable {
    public var scan: Scan
    public var volume: any SliceSource
    public var parameters: AnalysisParameters
    public var earlier: [String: StageOutput]

    public init(scan: Scan, volume: any SliceSource, parameters: AnalysisParameters, earlier: [String: StageOutput] = [:]) {
        self.scan = scan
        self.volume = volume
        self.parameters = parameters
        self.earlier = earlier
    }
}

/// What a stage returns.
public struct StageOutput: Sendable {
    public var measurements: [Measurement]
    /// Metrics this stage could not measure on this scan (a broken measurement), with why.
    public var unmeasured: [Unmeasured]
    public var artefacts: [Artefact]
    /// Stage-specific details for people and reports (per-slice profiles, fits…).
    public var details: JSONValue?
    /// Reasons the scan is not measurable; only quality-gate stages should set these.
    public var problems: [QualityProblem]

    public init(measurements: [Measurement] = [], unmeasured: [Unmeasured] = [], artefacts: [Artefact] = [],
                details: JSONValue? = nil, problems: [QualityProblem] = []) {
        self.measurements = measurements
        self.unmeasured = unmeasured
        self.artefacts = artefacts
        self.details = details
        self.problems = problems
    }

    /// Wraps an analysis report: its measurements and its details as JSON.
    public init<Details>(report: AnalysisReport<Details>, artefacts: [Artefact] = []) throws {
        self.init(measurements: report.measurements, unmeasured: report.unmeasured, artefacts: artefacts,
                  details: try JSONValue(encoding: report.details))
    }
}

/// Why a scan cannot be measured, in words an operator can act on, with the
/// stable code the record and the database group it by.
public struct QualityProblem: Sendable, Codable, Equatable {
    /// `quality.tilt_deg`, … (`QualityRule.code`) for a limit of the gate's table.
    public var code: String
    public var metric: MetricID?
    /// e.g. "tilt 2.3° > 1.0°: remount the cell in the holder and rescan".
    public var reason: String

    public init(code: String, metric: MetricID? = nil, reason: String) {
        self.code = code
        self.metric = metric
        self.reason = reason
    }

    /// The problem a failed check of the gate's table states.
    public init(_ check: QualityCheck) {
        self.init(code: check.code, metric: check.metric, reason: check.reason)
    }
}
