/// Inspects a complete scan and records the outcome in every sink (results
/// folder, database): what the daemon asks of the inspection pipeline.
///
/// The contract: never throws, never crashes on bad input (a scan that cannot be
/// read is recorded as ERROR); after it returns a summary, the ledger has a
/// record for `(scan.id, scan.fingerprint)`. It returns nil only when the task
/// was cancelled before the record was written: the scan was abandoned, nothing
/// was recorded, and it is inspected again after a restart.
public protocol ScanInspecting: Sendable {
    func inspect(_ scan: ScanCandidate) async -> InspectionSummary?
    /// Records ERROR with `reason` without inspecting (a stalled export).
    func recordError(_ scan: ScanCandidate, reason: String) async -> InspectionSummary?
}
