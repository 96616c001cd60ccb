import CellQATestKit
import Daemon
import Foundation
import Inspection
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 19 item 7 in the daemon: a folder of only links is found and gets a
/// record with a reason, instead of silence; a FIFO sidecar never blocks the
/// detector.
@Suite struct LinkedScanTests {
    @Test func aFolderOfOnlyLinksOutIsJudgedErrorWithAReason() async throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let export = work.file("export")
        try FileManager.default.createDirectory(atPath: export + "/linked", withIntermediateDirectories: true)
        for n in 1...2 {
            try FileManager.default.createSymbolicLink(atPath: export + "/linked/im00\(n).tif", withDestinationPath: "/etc/passwd")
        }
        var detector = ScanDetector(root: export, rule: .quiescence(seconds: 1), settle: .milliseconds(200),
                                    stallTimeout: .seconds(60), fingerprint: { try ScanFingerprint.compute(path: $0) })
        detector.discoverAll()
        let found = detector.evaluate(now: Date().timeIntervalSince1970 + 2)
        let candidate = try #require(found.first?.candidate)
        #expect(found.count == 1 && found.first?.state == .complete)
        #expect(candidate.id == "linked" && candidate.sliceCount == 2)

        let recorder = RecordingSink()
        let inspector = PipelineInspector(
            inspector: StandardInspector(stages: [], loader: TIFFVolumeLoader(defaultVoxelSize: nil, exportRoot: export),
                                         metadataReader: ScanMetadataReader(exportRoot: export), tolerances: [:],
                                         configHash: "test-config"),
            metadataReader: ScanMetadataReader(exportRoot: export), sinks: [recorder], configHash: "test-config",
            logger: Logger(label: "test"))
        let summary = try #require(await inspector.inspect(candidate))
        #expect(summary.verdict == .error)
        let real = URL(fileURLWithPath: export).resolvingSymlinksInPath().path
        #expect(summary.message == "opening volume \(candidate.path): \(candidate.path)/im001.tif: a symbolic link to "
                + "/etc/passwd, outside \(real); cellqa reads no file outside the export folder. "
                + "Copy the file into the scan folder instead of linking to it.")
        // Nothing of /etc/passwd in the record.
        let record = try #require(recorder.records.first)
        #expect(!String(decoding: try record.jsonData(), as: UTF8.self).contains("root:"))
    }

    @Test func aFIFOSidecarDoesNotBlockTheSliceCountRule() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: root.file("cellF"), withIntermediateDirectories: true)
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: root.file("cellF/im001.tif")))
        #expect(mkfifo(root.file("cellF/cellqa.json"), 0o600) == 0)
        var detector = ScanDetector(root: root.path, rule: .sliceCount(configured: 1), settle: .milliseconds(200),
                                    stallTimeout: .seconds(60), fingerprint: testFingerprint)
        detector.discoverAll()
        // The FIFO is not read (it would block for ever): the configured count applies.
        let found = detector.evaluate(now: Date().timeIntervalSince1970 + 2)
        #expect(found.map(\.candidate.id) == ["cellF"])
        #expect(found.first?.state == .complete)
    }
}

/// Keeps what it is given.
final class RecordingSink: ResultSink {
    private let kept = Mutex<[InspectionRecord]>([])
    var name: String { "recording" }
    var records: [InspectionRecord] { kept.withLock { $0 } }
    func write(_ outcome: InspectionOutcome) async throws { kept.withLock { $0.append(outcome.record) } }
}
