import Store

/// The SQLite log is the daemon's ledger: `ScanStore.hasRecord(scanID:fingerprint:)`
/// is exactly the question the queue asks.
extension ScanStore: InspectionLedger {}
