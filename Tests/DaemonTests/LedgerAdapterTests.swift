import CellQATestKit
import Daemon
import Foundation
import Imaging
import Inspection
import Store
import Testing

/// The SQLite log answers the daemon's "how whole was it when judged?" from the
/// current record.
@Suite struct LedgerAdapterTests {
    func record(_ id: String, path: String, depth: Int?, at seconds: Double) -> InspectionRecord {
        var metadata = ScanMetadata()
        metadata.volumeShape = depth.map { VolumeShape(width: 8, height: 8, depth: $0) }
        return InspectionRecord(scan: Scan(id: id, path: path, metadata: metadata), fingerprint: "f\(seconds)",
                                inspectedAt: Date(timeIntervalSince1970: 1_796_000_000 + seconds), day: "2026-11-30",
                                configHash: "c", toleranceFormat: nil, toleranceHash: nil, verdict: .pass, reasons: [],
                                metrics: [], stages: [], artefacts: [], totalSeconds: 0)
    }

    @Test func judgedSliceCountIsTheCurrentRecordsDepthOrOneFileForAMultiPageTIFF() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        #expect(try await store.judgedSliceCount(scanID: "C0001") == nil)
        try await store.save(record("C0001", path: "/export/C0001", depth: 48, at: 0))
        #expect(try await store.judgedSliceCount(scanID: "C0001") == 48)
        try await store.save(record("C0001", path: "/export/C0001", depth: 40, at: 1))
        #expect(try await store.judgedSliceCount(scanID: "C0001") == 40)
        try await store.save(record("C0002.tif", path: "/export/C0002.tif", depth: 300, at: 2))
        #expect(try await store.judgedSliceCount(scanID: "C0002.tif") == 1)
        // A stalled export's ERROR record never opened the volume.
        try await store.save(record("C0003", path: "/export/C0003", depth: nil, at: 3))
        #expect(try await store.judgedSliceCount(scanID: "C0003") == nil)
    }
}
