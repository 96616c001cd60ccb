/// Which scans were already judged: the daemon's memory across restarts.
///
/// The contract: `hasRecord` is true once a record for exactly this scan id and
/// content fingerprint is stored (a re-export of the same scan id has a new
/// fingerprint, so it is false for it). Throws when the log cannot be read.
public protocol InspectionLedger: Sendable {
    func hasRecord(scanID: String, fingerprint: String) async throws -> Bool
}
