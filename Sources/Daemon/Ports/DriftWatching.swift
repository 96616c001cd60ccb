/// A control-chart rule newly broken by the scan just judged (issue 21): the
/// daemon puts it in the journal (`CELLQA_SPC_RULE`, `CELLQA_METRIC`) so the
/// line hears of a drift before a cell fails. Plain values: the daemon needs
/// neither the charts nor the log's queries, which come through this port.
public struct DriftNotice: Sendable, Equatable {
    /// The Nelson rule number (1, 2, 3, 5).
    public var rule: Int
    public var words: String
    public var metric: String
    public var format: String
    public var scanID: String

    public init(rule: Int, words: String, metric: String, format: String, scanID: String) {
        self.rule = rule
        self.words = words
        self.metric = metric
        self.format = format
        self.scanID = scanID
    }
}

/// Asked after each stored judgement: which rules start firing at this scan.
public protocol DriftWatching: Sendable {
    func newAlarms(scanID: String) async throws -> [DriftNotice]
}
