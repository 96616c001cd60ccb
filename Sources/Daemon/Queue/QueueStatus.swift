/// A look at the queue for the status line and tests.
public struct QueueStatus: Sendable, Equatable {
    public var waiting: Int
    public var running: Int
    public var finished: Int
    public var skippedAsRecorded: Int
    public var skippedAsDuplicate: Int
    public var last: InspectionSummary?

    /// For systemd's STATUS=: "2 waiting, 1 inspecting, 14 done; last cell42 PASS".
    public var line: String {
        var text = "\(waiting) waiting, \(running) inspecting, \(finished) done"
        if let last { text += "; last \(last.scanID) \(last.verdict.rawValue)" }
        return text
    }
}
