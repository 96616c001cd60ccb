import CellQATestKit
import Daemon
import Foundation
import Imaging
import Inspection
import Logging
import Reporting
import Store
import Testing

/// The daemon over the real pipeline seams: `StandardInspector` (no stages are
/// needed to make records), the results-folder and SQLite sinks through
/// `PipelineInspector`, and the SQLite log as the ledger, across a restart.
@Suite struct PipelineAdapterTests {
    func daemon(export: String, results: String, store: ScanStore, shutdown: ShutdownSwitch) -> WatchDaemon {
        let inspector = PipelineInspector(
            inspector: StandardInspector(stages: [], loader: UnusedLoader(), tolerances: [:], configHash: "test-config"),
            metadataReader: ScanMetadataReader(),
            sinks: [ResultsFolderSink(root: results), SQLiteSink(store: store)], configHash: "test-config",
            logger: Logger(label: "test"))
        var logger = Logger(label: "cellqa.test")
        logger.logLevel = .critical
        let settings = WatchSettings(exportFolder: export, completion: .marker(patterns: ["*.done"]), settle: .milliseconds(200),
                                     stallTimeout: .seconds(1), concurrency: 2, pollInterval: .milliseconds(50))
        return WatchDaemon(settings: settings, inspector: inspector, ledger: store,
                           fingerprint: { try ScanFingerprint.compute(path: $0) }, notifier: .disabled,
                           logger: logger, shutdown: shutdown)
    }

    @Test func restartJudgesOnlyNewAndReexportedScansAndRecordsStalls() async throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let export = work.file("export"), results = work.file("results"), database = work.file("cellqa.sqlite")
        try FileManager.default.createDirectory(atPath: export, withIntermediateDirectories: true)
        let scanner = ExportSimulator(root: URL(fileURLWithPath: export))
        for scan in 1...4 { _ = try await scanner.exportComplete("scan\(scan)", slices: 2) }
        let day = InspectionRecord.day(of: Date())

        let store1 = try ScanStore(path: database)
        let stop1 = ShutdownSwitch()
        let run1 = Task { try await daemon(export: export, results: results, store: store1, shutdown: stop1).run() }
        #expect(await eventually { ((try? await store1.inspections(on: day).count) ?? 0) == 4 })
        stop1.trigger()
        try await run1.value
        let first = Dictionary(uniqueKeysWithValues: try await store1.inspections(on: day).map { ($0.scan.id, $0) })
        // No stages and no tolerance table: the inspector says ERROR, naming why.
        #expect(first["scan1"]?.verdict == .error)
        #expect(first["scan1"]?.fingerprint == (try ScanFingerprint.compute(path: export + "/scan1")))
        #expect(FileManager.default.fileExists(atPath: results + "/\(day)/scan1/record.json"))

        // While stopped: scan3 re-exported, scan5 new, scan6 stops after one slice.
        try await Task.sleep(for: .milliseconds(20))
        try await scanner.writeSlice(1, in: URL(fileURLWithPath: export + "/scan3"))
        try scanner.writeMarker(for: URL(fileURLWithPath: export + "/scan3"))
        _ = try await scanner.exportComplete("scan5", slices: 2)
        try await scanner.writeSlice(1, in: try scanner.makeFolder("scan6"))

        let store2 = try ScanStore(path: database)
        let stop2 = ShutdownSwitch()
        let run2 = Task { try await daemon(export: export, results: results, store: store2, shutdown: stop2).run() }
        #expect(await eventually { ((try? await store2.inspections(on: day).count) ?? 0) == 6 })
        try await Task.sleep(for: .milliseconds(300))
        stop2.trigger()
        try await run2.value

        let second = Dictionary(uniqueKeysWithValues: try await store2.inspections(on: day).map { ($0.scan.id, $0) })
        for unchanged in ["scan1", "scan2", "scan4"] {
            #expect(second[unchanged]?.inspectedAt == first[unchanged]?.inspectedAt, "\(unchanged) judged again")
        }
        #expect(second["scan3"]?.fingerprint != first["scan3"]?.fingerprint)
        #expect(second["scan3"]!.inspectedAt > first["scan3"]!.inspectedAt)
        // The re-export is a second judgement: the first is kept, in the database and in its folder.
        let scan3 = try await store2.judgements(scanID: "scan3")
        #expect(scan3.map(\.sequence) == [1, 2])
        #expect(scan3.map(\.cause) == [.newContent, .reExport])
        #expect(scan3.map(\.record.fingerprint) == [first["scan3"]?.fingerprint, second["scan3"]?.fingerprint])
        #expect(try await store2.judgements(scanID: "scan1").map(\.cause) == [.newContent])
        let folders = ResultsFolderSink(root: results).judgementFolders(scanID: "scan3", day: day)
        #expect(folders.map(\.lastPathComponent) == ["scan3", "scan3--j2"])
        #expect(try folders.map { try ResultsFolderSink.readRecord(in: $0).inspectedAt }
                == [first["scan3"]!.inspectedAt, second["scan3"]!.inspectedAt])
        #expect(second["scan5"] != nil)
        #expect(second["scan6"]?.verdict == .error)
        #expect(second["scan6"]?.reasons.first?.hasPrefix("export stalled: 1 slice and no change for 1 s") == true)
    }
}

extension PipelineAdapterTests {
    /// Issue 19 item 1 end to end: `line1/cellZ` and `line2/cellZ` are two
    /// records (ids as the inspector names them too, from the export root), and
    /// a restart judges neither again (their records no longer replace each other).
    @Test func sameNamesInTwoSubFoldersAreTwoRecordsAcrossARestart() async throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let export = work.file("export"), results = work.file("results"), database = work.file("cellqa.sqlite")
        let scanner = ExportSimulator(root: URL(fileURLWithPath: export))
        for line in ["line1", "line2"] { _ = try await scanner.exportComplete("\(line)/cellZ", slices: 2) }
        _ = try await scanner.exportComplete("cell 42", slices: 2)
        _ = try await scanner.exportComplete("cell_42", slices: 2)
        func run(_ store: ScanStore, until count: Int) async throws {
            let reader = ScanMetadataReader(exportRoot: export)
            let inspector = PipelineInspector(
                inspector: StandardInspector(stages: [], loader: UnusedLoader(), metadataReader: reader, tolerances: [:],
                                             configHash: "test-config"),
                metadataReader: reader, sinks: [ResultsFolderSink(root: results), SQLiteSink(store: store)],
                configHash: "test-config", logger: Logger(label: "test"))
            var logger = Logger(label: "cellqa.test")
            logger.logLevel = .critical
            let settings = WatchSettings(exportFolder: export, completion: .marker(patterns: ["*.done"]), settle: .milliseconds(200),
                                         stallTimeout: .seconds(5), concurrency: 2, pollInterval: .milliseconds(50))
            let stop = ShutdownSwitch()
            let daemon = WatchDaemon(settings: settings, inspector: inspector, ledger: store,
                                     fingerprint: { try ScanFingerprint.compute(path: $0) }, notifier: .disabled,
                                     logger: logger, shutdown: stop)
            let task = Task { try await daemon.run() }
            let day = InspectionRecord.day(of: Date())
            #expect(await eventually { ((try? await store.inspections(on: day).count) ?? 0) == count })
            try await Task.sleep(for: .milliseconds(400))
            stop.trigger()
            try await task.value
        }
        let store = try ScanStore(path: database)
        try await run(store, until: 4)
        let ids = ["cellZ--ca0b301e9e", "cellZ--0bf6307a3d", "cell_42--46af82d451", "cell_42"]
        let paths = ["line1/cellZ", "line2/cellZ", "cell 42", "cell_42"].map { export + "/" + $0 }
        for (id, path) in zip(ids, paths) {
            let history = try await store.judgements(scanID: id)
            #expect(history.count == 1, "\(id)")
            #expect(history.first?.record.scan.path == path)
        }
        try await run(try ScanStore(path: database), until: 4)
        for id in ids { #expect(try await store.judgements(scanID: id).count == 1, "\(id) judged again at restart") }
    }
}

/// Never reached: without a tolerance table the inspector stops before loading.
struct UnusedLoader: VolumeLoader {
    struct NotLoaded: Error {}
    func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume { throw NotLoaded() }
}
