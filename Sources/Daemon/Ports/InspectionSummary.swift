import Inspection

/// The few facts of a recorded inspection the daemon logs and shows in its
/// status line.
public struct InspectionSummary: Sendable, Equatable {
    public var scanID: String
    public var serial: String?
    public var verdict: Verdict
    /// One line: the first reason, or that every metric is within limits.
    public var message: String
    /// The stable code of `message` (`InspectionRecord.summaryCode`), e.g.
    /// `quality.tilt_deg`; nil for PASS. The journal's `CELLQA_REASON_CODE`.
    public var reasonCode: String?
    /// The metric that decided a FAIL (worst first), e.g. `can.max_dent_mm`.
    public var decisiveMetric: String?
    public var seconds: Double

    public init(scanID: String, serial: String? = nil, verdict: Verdict, message: String, reasonCode: String? = nil,
                decisiveMetric: String? = nil, seconds: Double = 0) {
        self.reasonCode = reasonCode
        self.scanID = scanID
        self.serial = serial
        self.verdict = verdict
        self.message = message
        self.decisiveMetric = decisiveMetric
        self.seconds = seconds
    }
}
