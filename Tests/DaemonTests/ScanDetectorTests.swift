import CellQATestKit
import Daemon
import Foundation
import Testing

/// The detector driven by hand with chosen clock values (seconds since 1970);
/// file modification times are real, so every chosen time is after the writes.
@Suite struct ScanDetectorTests {
    func write(_ path: String, bytes: Int = 100) throws {
        try Data(repeating: 7, count: bytes).write(to: URL(fileURLWithPath: path))
    }

    func detector(_ root: TemporaryDirectory, _ rule: ExportCompletion, stall: Duration = .seconds(60)) -> ScanDetector {
        ScanDetector(root: root.path, rule: rule, settle: .milliseconds(200), stallTimeout: stall, fingerprint: testFingerprint)
    }

    @Test func markerCompletesOnlyAfterTheLastSliceAndSettle() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .marker(patterns: ["*.done"]))
        try FileManager.default.createDirectory(atPath: root.file("cellA"), withIntermediateDirectories: true)
        try write(root.file("cellA/slice_0001.tif"))
        try write(root.file("cellA/slice_0002.tif"))
        let t0 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellA/slice_0002.tif")), now: t0)
        #expect(d.evaluate(now: t0 + 5).isEmpty) // no marker yet, long after the writes
        #expect(d.pendingCount == 1)

        try write(root.file("cellA/scan.done"), bytes: 5)
        let t1 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellA/scan.done")), now: t1)
        #expect(d.evaluate(now: t1 + 0.1).isEmpty) // marker there, but not settled (0.2 s)
        let found = d.evaluate(now: t1 + 0.3)
        #expect(found.count == 1)
        #expect(found.first?.state == .complete)
        #expect(found.first?.candidate.id == "cellA")
        #expect(found.first?.candidate.sliceCount == 2)
        #expect(found.first?.candidate.layout == .sliceFolder)
        #expect(d.pendingCount == 0)
    }

    @Test func aMarkerOlderThanTheNewestSliceDoesNotCount() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .marker(patterns: ["*.done"]))
        try FileManager.default.createDirectory(atPath: root.file("cellR"), withIntermediateDirectories: true)
        try write(root.file("cellR/scan.done"), bytes: 5)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)],
                                              ofItemAtPath: root.file("cellR/scan.done"))
        try write(root.file("cellR/slice_0001.tif")) // a re-export writing over an old marker
        let t0 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellR/slice_0001.tif")), now: t0)
        #expect(d.evaluate(now: t0 + 5).isEmpty)
    }

    @Test func markerBesideTheFolderCounts() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .marker(patterns: ["*.done"]))
        try FileManager.default.createDirectory(atPath: root.file("day/cellB"), withIntermediateDirectories: true)
        try write(root.file("day/cellB/im001.tif"))
        try write(root.file("day/cellB.done"), bytes: 1)
        let t0 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("day/cellB.done")), now: t0)
        let found = d.evaluate(now: t0 + 1)
        #expect(found.map(\.candidate.path) == [root.file("day/cellB")])
    }

    @Test func expectedSliceCountFromTheSidecar() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .sliceCount(configured: 10)) // the sidecar's 3 wins
        try FileManager.default.createDirectory(atPath: root.file("cellC"), withIntermediateDirectories: true)
        try Data(#"{"slices": 3, "serial": "C-1"}"#.utf8).write(to: URL(fileURLWithPath: root.file("cellC/cellqa.json")))
        try write(root.file("cellC/im001.tif"))
        try write(root.file("cellC/im002.tif"))
        let t0 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellC/im002.tif")), now: t0)
        #expect(d.evaluate(now: t0 + 5).isEmpty) // 2 of 3
        try write(root.file("cellC/im003.tif"))
        let t1 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellC/im003.tif")), now: t1)
        #expect(d.evaluate(now: t1 + 0.3).isEmpty) // the third slice is seen now: quiet from here
        #expect(d.evaluate(now: t1 + 0.6).map(\.candidate.sliceCount) == [3])
    }

    @Test func quiescenceWaitsForNoChangeAndAGrowingFileResetsIt() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .quiescence(seconds: 1))
        try FileManager.default.createDirectory(atPath: root.file("cellD"), withIntermediateDirectories: true)
        try write(root.file("cellD/im001.tif"))
        let t0 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellD/im001.tif")), now: t0)
        #expect(d.evaluate(now: t0 + 0.5).isEmpty)
        // The slice grows (no event: IN_MODIFY is not watched); the next look sees it.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root.file("cellD/im001.tif")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: 50))
        try handle.close()
        let t1 = max(Date().timeIntervalSince1970, t0 + 0.9)
        #expect(d.evaluate(now: t1).isEmpty) // changed at t1: quiet 0
        #expect(d.evaluate(now: t1 + 0.9).isEmpty) // quiet 0.9 s < 1 s
        let found = d.evaluate(now: t1 + 1.05)
        #expect(found.count == 1)
    }

    @Test func aStalledExportIsReportedWithAReason() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .marker(patterns: ["*.done"]), stall: .seconds(60))
        try FileManager.default.createDirectory(atPath: root.file("cellE"), withIntermediateDirectories: true)
        try write(root.file("cellE/im001.tif"))
        try write(root.file("cellE/im002.tif"))
        let t0 = Date().timeIntervalSince1970
        d.note(.fileChanged(path: root.file("cellE/im002.tif")), now: t0)
        #expect(d.evaluate(now: t0 + 59).isEmpty)
        let found = d.evaluate(now: t0 + 61)
        #expect(found.count == 1)
        guard case .stalled(let reason)? = found.first?.state else {
            Issue.record("expected a stall, got \(found)")
            return
        }
        #expect(reason.contains("2 slices and no change for 60 s"))
        #expect(reason.contains("marker file (*.done)"))
    }

    @Test func discoverAllFindsFoldersAndMultiPageFiles() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .quiescence(seconds: 1))
        try FileManager.default.createDirectory(atPath: root.file("2026-11-26/cell F#1"), withIntermediateDirectories: true)
        try write(root.file("2026-11-26/cell F#1/im001.tif"))
        try write(root.file("cellG.tiff"))
        try write(root.file("notes.txt"))
        try FileManager.default.createDirectory(atPath: root.file("empty"), withIntermediateDirectories: true)
        d.discoverAll()
        #expect(d.pendingCount == 2)
        let found = d.evaluate(now: Date().timeIntervalSince1970 + 2)
        // In a sub-folder, so hashed (SHA-256 of "2026-11-26/cell F#1"); a file keeps its extension.
        #expect(Set(found.map(\.candidate.id)) == ["cell_F_1--efbcde2b1d", "cellG.tiff"])
        #expect(found.first { $0.candidate.id == "cellG.tiff" }?.candidate.layout == .multiPageFile)
    }

    /// After IN_Q_OVERFLOW nothing is known: a rescan must find scans whose events
    /// were dropped, and a removed folder leaves the pending set.
    @Test func rescanFindsScansWithoutEventsAndRemovalForgetsThem() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var d = detector(root, .marker(patterns: ["*.done"]))
        for name in ["lostA", "lostB"] {
            try FileManager.default.createDirectory(atPath: root.file(name), withIntermediateDirectories: true)
            try write(root.file(name + "/im001.tif"))
        }
        try write(root.file("lostA/scan.done"), bytes: 1)
        #expect(d.pendingCount == 0) // no events were seen
        d.note(.rescanNeeded(reason: "inotify queue overflowed"), now: Date().timeIntervalSince1970)
        #expect(d.pendingCount == 2)
        let found = d.evaluate(now: Date().timeIntervalSince1970 + 1)
        #expect(found.map(\.candidate.id) == ["lostA"]) // lostB has no marker: still pending
        d.note(.directoryRemoved(path: root.file("lostB")), now: Date().timeIntervalSince1970)
        #expect(d.pendingCount == 0)
    }

    /// Issue 19 item 1: scans whose cleaned names are equal, or which share a
    /// name in different sub-folders, are different scans with different ids,
    /// the same at every discovery (a restart).
    @Test func collidingNamesGetDistinctStableIDs() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        for name in ["cell 42", "cell_42", "line1/cellZ", "line2/cellZ", "...", "scan", "-rf"] {
            try FileManager.default.createDirectory(atPath: root.file(name), withIntermediateDirectories: true)
            try write(root.file(name + "/im001.tif"))
        }
        func discover() -> [String: String] {
            var d = detector(root, .quiescence(seconds: 1))
            d.discoverAll()
            let found = d.evaluate(now: Date().timeIntervalSince1970 + 2)
            let root = URL(fileURLWithPath: root.path).standardizedFileURL.path
            return Dictionary(uniqueKeysWithValues: found.map { (String($0.candidate.path.dropFirst(root.count + 1)), $0.candidate.id) })
        }
        let first = discover()
        #expect(first == ["cell 42": "cell_42--46af82d451", "cell_42": "cell_42",
                          "line1/cellZ": "cellZ--ca0b301e9e", "line2/cellZ": "cellZ--0bf6307a3d",
                          "...": "scan--ab5df625bc", "scan": "scan", "-rf": "rf--686c39acd6"])
        #expect(Set(first.values).count == 7)
        #expect(discover() == first)
    }
}
