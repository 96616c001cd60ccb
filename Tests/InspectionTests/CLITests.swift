import CellQATestKit
import Foundation
import Inspection
import Phantom
import Testing

/// The `cellqa` executable end to end: exit codes, written sinks, the lookup
/// commands. Uses the binary built beside this test bundle.
@Suite("cellqa command line", .serialized)
struct CLITests {
    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("cellqa")

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    func run(_ arguments: [String], in folder: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        if let folder { process.currentDirectoryURL = folder }
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    @Test("config check: 0 for the shipped config, 78 with FILE:LINE for a misspelt metric",
          .enabled(if: FileManager.default.fileExists(atPath: executable.path), "cellqa binary not built beside the tests"))
    func configCheck() throws {
        let ok = try run(["config", "check", "--skip-folders", Fixtures.configFolder.appendingPathComponent("cellqa.toml").path])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("5 tolerance tables (18650, 21700, 4680, example, phantom)"))

        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let bad = dir.file("bad.toml")
        try "[can.wall_thikness_min_mm]\nlower = 0.2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try run(["config", "check", bad])
        #expect(failed.status == 78)
        #expect(failed.stderr == "\(bad):1: unknown metric id `can.wall_thikness_min_mm`; did you mean `can.wall_thickness_min_mm`?\n")
    }

    @Test("inspect from an empty folder, no --config, no /etc/cellqa: judged by the tolerance tables built into the binary",
          .enabled(if: FileManager.default.fileExists(atPath: executable.path), "cellqa binary not built beside the tests"),
          .enabled(if: !FileManager.default.fileExists(atPath: "/etc/cellqa/tolerances"), "/etc/cellqa/tolerances exists: it would be used"))
    func inspectWithEmbeddedDefaults() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = dir.file("SN900_phantom")
        try await PhantomWriter.write(try PhantomVolume(spec: .nominal), to: scan, serial: "SN900", format: "phantom")
        let empty = dir.url.appendingPathComponent("cwd")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let inspected = try run(["inspect", scan, "--json", "--dry-run"], in: empty)
        let record = try InspectionRecord.decode(from: Data(inspected.stdout.utf8))
        #expect(record.toleranceFormat == "phantom", "\(inspected.stderr)")
        #expect(record.toleranceHash == (try EmbeddedDefaults.tables())["phantom"]?.hash)
        #expect(record.verdict == .pass, "\(record.reasons)")
        #expect(inspected.status == 0)
    }

    @Test("inspect an unreadable scan: exit 3 (ERROR), folder and row written; show and report find it; --dry-run writes nothing",
          .enabled(if: FileManager.default.fileExists(atPath: executable.path), "cellqa binary not built beside the tests"))
    func inspectError() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = try Fixtures.scanFolder(in: dir, name: "SN500_18650", serial: "SN500")  // im001.tif is 4 junk bytes
        let results = dir.file("results"), database = dir.file("cellqa.sqlite")
        let tolerances = ["--config", Fixtures.configFolder.appendingPathComponent("cellqa.toml").path]

        let dry = try run(["inspect", scan, "--dry-run", "--results", results, "--database", database] + tolerances)
        #expect(dry.status == 3)
        #expect(!FileManager.default.fileExists(atPath: results) && !FileManager.default.fileExists(atPath: database))

        let inspected = try run(["inspect", scan, "--json", "--results", results, "--database", database] + tolerances)
        #expect(inspected.status == 3)
        let record = try InspectionRecord.decode(from: Data(inspected.stdout.utf8))
        #expect(record.verdict == .error)
        #expect(record.reasons.first?.hasPrefix("opening volume ") == true)
        let folder = URL(fileURLWithPath: results).appendingPathComponent("\(record.day)/SN500_18650")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))

        let shown = try run(["show", "SN500_18650", "--database", database])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("ERROR  SN500_18650  (serial SN500, format 18650)"))

        let report = try run(["report", "--date", record.day, "--database", database, "--format", "csv"])
        #expect(report.status == 0)
        let rows = report.stdout.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows.last?.contains(",SN500_18650,SN500,18650,ERROR,") == true)

        let history = try run(["history", "SN500", "--database", database])
        #expect(history.status == 0 && history.stdout.contains("ERROR    SN500_18650"))
    }

    /// What `analyze <stage> --config --json` prints (the fields the test reads).
    struct LineOutput: Decodable {
        var stage: StageRecord?
        var metrics: [MetricJudgement]
        var reasons: [String]
    }

    @Test("analyze can --config C gives the can metrics inspect --config C records on the same scan; the kernel's own options are refused with --config",
          .enabled(if: FileManager.default.fileExists(atPath: executable.path), "cellqa binary not built beside the tests"))
    func analyzeRunsTheLineStage() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = dir.file("SN901_phantom")
        try await PhantomWriter.write(try PhantomVolume(spec: .nominal), to: scan, serial: "SN901", format: "phantom")
        let config = Fixtures.configFolder.appendingPathComponent("cellqa.toml").path
        let inspected = try run(["inspect", scan, "--config", config, "--json", "--dry-run"])
        let record = try InspectionRecord.decode(from: Data(inspected.stdout.utf8))
        #expect(record.verdict == .pass, "\(record.reasons) \(inspected.stderr)")
        let recorded = record.metrics.filter { $0.stage == "can" }
        #expect(recorded.count >= 5)

        let analyzed = try run(["analyze", "can", scan, "--config", config, "--json"])
        #expect(analyzed.status == 0, "\(analyzed.stderr)")
        let output = try JSONDecoder().decode(LineOutput.self, from: Data(analyzed.stdout.utf8))
        #expect(output.stage?.status == .ok)
        #expect(output.metrics.map(\.metric) == recorded.map(\.metric))
        #expect(output.metrics.map(\.value) == recorded.map(\.value))
        #expect(output.metrics.map(\.pass) == recorded.map(\.pass))

        let gate = try run(["analyze", "quality", scan, "--config", config])
        #expect(gate.status == 0 && gate.stdout.contains("measurable: yes"), "\(gate.stdout)")
        let snr = try #require(record.metrics.first { $0.metric == .qualitySNR })
        #expect(gate.stdout.contains("quality.snr\t\(Formatting.number(snr.value))\t"), "\(gate.stdout)")

        let refused = try run(["analyze", "can", scan, "--config", config, "--step", "3"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--step do not apply with --config"), "\(refused.stderr)")
    }
}
