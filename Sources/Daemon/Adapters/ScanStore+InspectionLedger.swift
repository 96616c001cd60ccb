import Foundation
import Store

/// The SQLite log is the daemon's ledger: `ScanStore.hasRecord(scanID:fingerprint:)`
/// is exactly the question the queue asks.
extension ScanStore: InspectionLedger {
    /// From the current record: the depth of the volume it opened, one file for
    /// a multi-page TIFF.
    public func judgedSliceCount(scanID: String) async throws -> Int? {
        guard let record = try await record(scanID: scanID), let shape = record.scan.metadata.volumeShape else { return nil }
        return ScanLayout.isTIFF(URL(fileURLWithPath: record.scan.path).lastPathComponent) ? 1 : shape.depth
    }
}
