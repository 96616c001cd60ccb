/// Somewhere an inspection's outcome is kept: the results folder, the SQLite
/// log, the journal.
///
/// The contract: `write` stores the whole outcome or nothing (a crash mid-write
/// leaves the previous state), replaces an earlier outcome of the same scan id,
/// and throws an error saying what to fix (disk full, permissions) otherwise.
public protocol ResultSink: Sendable {
    var name: String { get }
    func write(_ outcome: InspectionOutcome) async throws
}
