/// Which scans were already judged: the daemon's memory across restarts.
///
/// The contract: `hasRecord` is true once a record for exactly this scan id and
/// content fingerprint is stored (a re-export of the same scan id has a new
/// fingerprint, so it is false for it). Throws when the log cannot be read.
public protocol InspectionLedger: Sendable {
    func hasRecord(scanID: String, fingerprint: String) async throws -> Bool
    /// How many slice files the scan had when its current judgement was made
    /// (1 for a multi-page file); nil when it was never judged or its volume was
    /// never opened. A scan that changed after judgement and has at least this
    /// many again is whole: a re-export to judge again, not a stalled export.
    func judgedSliceCount(scanID: String) async throws -> Int?
}
