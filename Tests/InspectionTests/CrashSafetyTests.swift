import Analysis
import CellQATestKit
import Foundation
import Inspection
import Reporting
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A process killed with SIGKILL while writing leaves the old record or the new
/// one, never a torn one: in the results folder and in the database.
///
/// The writer is this test binary itself, started again with `--filter` on the
/// `writerChild` test and `CELLQA_CRASH_WRITER_DIR` set: it then writes two
/// different outcomes of the same scan in turn until killed. Without the
/// variable that test is disabled (it is only the child half of this test).
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let writerDirVariable = "CELLQA_CRASH_WRITER_DIR"

    /// Two outcomes of one scan that differ in verdict, metric count and artefacts.
    static func outcomes(scanDir: TemporaryDirectory) async throws -> (InspectionOutcome, InspectionOutcome) {
        let path = try Fixtures.scanFolder(in: scanDir, name: "SN900_18650", serial: "SN900")
        var failing = Fixtures.replacing(.canOuterDiameter, with: 18.5, in: Fixtures.good18650)
        failing.append(Measurement(.canWallThicknessStd, 0.01, unit: "mm"))
        let big = Data((0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })  // a slow-to-write artefact
        let a = await (try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: failing, artefacts: [
            Artefact(name: "overlay.png", caption: "big", content: .png(big)),
        ])])).inspect(path: path)
        let b = await (try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: Fixtures.good18650)])).inspect(path: path)
        return (a, b)
    }

    @Test("writer child (runs only when started by the crash test)",
          .enabled(if: ProcessInfo.processInfo.environment[CrashSafetyTests.writerDirVariable] != nil,
                   "only the child half of the SIGKILL test; skipped when run directly"))
    func writerChild() async throws {
        let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment[Self.writerDirVariable]!)
        let scanDir = try TemporaryDirectory(); defer { scanDir.remove() }
        let (a, b) = try await Self.outcomes(scanDir: scanDir)
        let sinks: [any ResultSink] = [ResultsFolderSink(root: root.appendingPathComponent("results").path),
                                       SQLiteSink(store: try ScanStore(path: root.appendingPathComponent("cellqa.sqlite").path))]
        var round = 0
        while true {  // until SIGKILL
            let outcome = round % 2 == 0 ? a : b
            for sink in sinks { try await sink.write(outcome) }
            if round == 1 { _ = FileManager.default.createFile(atPath: root.appendingPathComponent("ready").path, contents: Data()) }
            round += 1
        }
    }

    @Test("SIGKILL during writes leaves a whole record, old or new (12 kills at varied times)")
    func killDuringWrites() async throws {
        let scanDir = try TemporaryDirectory(); defer { scanDir.remove() }
        let (a, b) = try await Self.outcomes(scanDir: scanDir)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var kills = 0
        var killedMidWrite = 0
        for attempt in 0..<12 {
            let root = try TemporaryDirectory(); defer { root.remove() }
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["--testing-library", "swift-testing", "--filter", "writerChild"]
            var environment = ProcessInfo.processInfo.environment
            environment[Self.writerDirVariable] = root.path
            child.environment = environment
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Wait until both outcomes were written once, then kill at a varied moment.
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: root.file("ready")) && Date() < deadline && child.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            try #require(FileManager.default.fileExists(atPath: root.file("ready")), "writer child never got ready")
            try await Task.sleep(for: .microseconds(1_000 + 2_300 * attempt))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            kills += 1

            let day = root.url.appendingPathComponent("results/\(a.record.day)")
            if (try FileManager.default.contentsOfDirectory(atPath: day.path)).contains(where: { $0.hasPrefix(".") }) {
                killedMidWrite += 1  // a staging folder was left: the kill hit a write
            }
            // Results folder: every visible judgement folder is one whole outcome
            // (the child writes its two outcomes in turn: two folders, rewritten).
            let sink = ResultsFolderSink(root: root.file("results"))
            let folders = sink.judgementFolders(scanID: a.record.scan.id, day: a.record.day)
            #expect((1...2).contains(folders.count))
            for folder in folders {
                let record = try ResultsFolderSink.readRecord(in: folder)
                // The child made its own outcomes (own temp scan path and timings):
                // compare what the write must keep whole.
                let expected = record.verdict == .fail ? a : b
                #expect(record.reasons == expected.record.reasons)
                #expect(record.metrics == expected.record.metrics)
                #expect(record.artefacts == expected.record.artefacts)
                let csv = MeasurementsCSV.parse(try String(contentsOf: folder.appendingPathComponent("measurements.csv"), encoding: .utf8))
                #expect(csv.count == expected.record.metrics.count + 1)
                #expect(csv.dropFirst().map { Double($0[2])! } == expected.record.metrics.map(\.value))
                let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
                #expect(html.hasSuffix("</html>\n"))
                #expect(html.contains("verdict \(record.verdict.rawValue)"))
                let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
                let expectedFiles = Set(["record.json", "measurements.csv", "report.html"] + expected.artefacts.map(\.name))
                // The older of the two is marked superseded once the newer is written.
                #expect(files.subtracting([ResultsFolderSink.supersededFile]) == expectedFiles)
            }

            // Database: one scan row whose measurements match its own record.
            let store = try ScanStore(path: root.file("cellqa.sqlite"))
            let rows = try await store.rows(ScanRow.record(scanID: "SN900_18650"))
            #expect(rows.count == 1)
            let dbRecord = try rows[0].record()
            #expect(dbRecord.metrics == a.record.metrics || dbRecord.metrics == b.record.metrics)
            let measurements = try await store.measurements(scanRowID: rows[0].id!)
            #expect(measurements.map(\.value) == dbRecord.metrics.map(\.value))
        }
        #expect(kills == 12)
        print("crash safety: \(kills) kills, \(killedMidWrite) of them while a results folder was being staged")
    }
}
