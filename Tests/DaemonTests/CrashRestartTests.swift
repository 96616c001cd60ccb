import CellQATestKit
import Foundation
import Imaging
import Glibc
import Inspection
import Store
import Testing

/// The real `cellqa watch` as a child process.
@Suite(.serialized) struct CrashRestartTests {
    static let binary = SharedData.repositoryRoot.appendingPathComponent(".build/debug/cellqa").path
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// A daemon configuration over fresh folders in `work` (tolerance tables
    /// from the repository's config/tolerances).
    static func writeConfig(in work: TemporaryDirectory) throws -> (config: String, export: String) {
        let export = work.file("export"), results = work.file("results")
        for folder in [export, results] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let tolerances = SharedData.repositoryRoot.appendingPathComponent("config/tolerances").path
        let config = work.file("cellqa.toml")
        try Data("""
        [folders]
        export = "\(export)"
        results = "\(results)"
        database = "\(work.file("cellqa.sqlite"))"
        tolerances = "\(tolerances)"

        [completion]
        rule = "marker"
        marker = "scan.done"
        stall_timeout_seconds = 60

        [inspection]
        concurrency = 2
        default_format = "phantom"
        """.utf8).write(to: URL(fileURLWithPath: config))
        return (config, export)
    }

    /// True when `cellqa watch` starts and keeps running on a valid
    /// configuration; false while the CLI refuses to start (exit 78), e.g. before
    /// the inspection stages are wired into it.
    static func watchStarts() async -> Bool {
        guard available, let work = try? TemporaryDirectory(), let (config, _) = try? writeConfig(in: work) else { return false }
        defer { work.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["watch", "--config", config, "--log", "stderr"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        try? await Task.sleep(for: .milliseconds(1500))
        let running = process.isRunning
        if running { process.terminate() }
        process.waitUntilExit()
        return running
    }

    @Test(.enabled(if: available, "build cellqa first (swift build)"))
    func invalidConfigurationExits78() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["watch", "--config", "/nonexistent/cellqa.toml", "--log", "stderr"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 78) // EX_CONFIG: RestartPreventExitStatus=78 in cellqa.service
        #expect(text.contains("cannot start"))
    }

    /// Under a notify socket as systemd gives it: READY=1, then SIGHUP reloads
    /// (RELOADING=1 … READY=1), then SIGTERM stops (STOPPING=1) with exit 0.
    @Test(.enabled("cellqa watch does not start yet (inspection stages not wired into the CLI): skipping") {
        await CrashRestartTests.watchStarts()
    })
    func notifiesReadyReloadsOnHangupAndStopsOnTerm() async throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let (config, _) = try Self.writeConfig(in: work)
        let socket = try SystemdNotifierTests.NotifySocket(path: work.file("notify.sock"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["watch", "--config", config, "--log", "stderr", "--poll-seconds", "0.05"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socket.path
        environment["WATCHDOG_USEC"] = "300000"
        environment["JOURNAL_STREAM"] = nil
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        var received: [String] = []
        // WATCHDOG_PID is not set, and sd_watchdog_enabled then accepts any pid.
        #expect(await eventually(timeout: .seconds(10)) { received += socket.drain(); return received.contains { $0.hasPrefix("READY=1") } })
        #expect(await eventually(timeout: .seconds(2)) { received += socket.drain(); return received.contains("WATCHDOG=1") })
        kill(process.processIdentifier, SIGHUP)
        #expect(await eventually(timeout: .seconds(5)) { received += socket.drain(); return received.contains("READY=1") })
        #expect(received.contains { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") })
        process.terminate()
        process.waitUntilExit()
        received += socket.drain()
        #expect(process.terminationStatus == 0)
        #expect(received.contains { $0.hasPrefix("STOPPING=1") })
    }

    /// Issue 19 item 8: a reload that moves the database (or the export or results
    /// folder) is refused whole and says so; the daemon goes on recording where it asks
    /// "already inspected?", and opens nothing at the new path.
    @Test(.enabled("cellqa watch does not start yet: skipping") { await CrashRestartTests.watchStarts() })
    func aReloadThatMovesTheDatabaseIsRefusedWhole() async throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let (config, export) = try Self.writeConfig(in: work)
        _ = FileManager.default.createFile(atPath: work.file("watch.log"), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: work.file("watch.log")))
        let child = try Child(arguments: ["watch", "--config", config, "--log", "stderr", "--settle-seconds", "0.2",
                                          "--poll-seconds", "0.05"], log: log)
        defer { child.process.terminate(); child.process.waitUntilExit() }
        let logText = { (try? String(contentsOfFile: work.file("watch.log"), encoding: .utf8)) ?? "" }
        #expect(await eventually(timeout: .seconds(10)) { logText().contains("watching") })

        let moved = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: work.file("cellqa.sqlite"), with: work.file("elsewhere.sqlite"))
        try moved.write(toFile: config, atomically: true, encoding: .utf8)
        kill(child.process.processIdentifier, SIGHUP)
        #expect(await eventually(timeout: .seconds(5)) { logText().contains("reload not applied") })
        #expect(logText().contains("folders.database changed, which only a restart applies"), "\(logText())")

        _ = try await ExportSimulator(root: URL(fileURLWithPath: export)).exportComplete("after-reload", slices: 2)
        let store = try ScanStore(path: work.file("cellqa.sqlite"))
        #expect(await eventually(timeout: .seconds(20)) { (try? await store.record(scanID: "after-reload")) != nil })
        #expect(!FileManager.default.fileExists(atPath: work.file("elsewhere.sqlite")))
    }

    /// SIGKILLed at random moments while 20 scans arrive, restarted each time:
    /// in the end every scan has exactly one record, none was judged twice, and
    /// SIGTERM ends the last run with exit 0.

    final class Child {
        let process = Process()
        init(arguments: [String], log: FileHandle) throws {
            process.executableURL = URL(fileURLWithPath: CrashRestartTests.binary)
            process.arguments = arguments
            process.standardError = log
            process.standardOutput = log
            var environment = ProcessInfo.processInfo.environment
            environment["NOTIFY_SOCKET"] = nil
            environment["JOURNAL_STREAM"] = nil
            process.environment = environment
            try process.run()
        }
        func kill9() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test(.enabled("cellqa watch does not start yet (inspection stages not wired into the CLI): skipping the SIGKILL test") {
        await CrashRestartTests.watchStarts()
    })
    func sigkillAtRandomPointsLosesNothingAndJudgesNothingTwice() async throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let (config, export) = try Self.writeConfig(in: work)
        _ = FileManager.default.createFile(atPath: work.file("watch.log"), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: work.file("watch.log")))
        let arguments = ["watch", "--config", config, "--log", "stderr", "--settle-seconds", "0.2", "--poll-seconds", "0.05"]

        // 20 scans, one every ~60 ms, slices then marker; the child is killed at
        // seeded random moments meanwhile (reproducible: same seed, same plan).
        var generator = SeededGenerator(seed: 20261126)
        let exporter = Task {
            for scan in 1...20 {
                let folder = export + String(format: "/crash%02d", scan)
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for slice in 1...3 {
                    try Data(repeating: UInt8(slice), count: 4096).write(to: URL(fileURLWithPath: folder + "/im\(slice).tif"))
                }
                try Data("done".utf8).write(to: URL(fileURLWithPath: folder + "/scan.done"))
                try await Task.sleep(for: .milliseconds(60))
            }
        }
        var child = try Child(arguments: arguments, log: log)
        let kills = 6
        for _ in 0..<kills {
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...400, using: &generator)))
            child.kill9()
            child = try Child(arguments: arguments, log: log)
        }
        try await exporter.value

        let store = try ScanStore(path: work.file("cellqa.sqlite"))
        let day = InspectionRecord.day(of: Date())
        let recorded = await eventually(timeout: .seconds(60)) {
            ((try? await store.inspections(on: day).count) ?? 0) >= 20
        }
        #expect(recorded)
        try await Task.sleep(for: .milliseconds(500))
        child.process.terminate() // SIGTERM: graceful
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0)
        try log.close()

        let records = try await store.inspections(on: day)
        #expect(records.count == 20)
        #expect(Set(records.map(\.scan.id)).count == 20)
        // One verdict line per inspection that reached its log line: a scan
        // judged twice would show two.
        let text = try String(contentsOfFile: work.file("watch.log"), encoding: .utf8)
        for scan in 1...20 {
            let id = String(format: "crash%02d", scan)
            let lines = text.split(separator: "\n").filter { $0.contains("\(id) PASS:") || $0.contains("\(id) FAIL:")
                || $0.contains("\(id) INVALID:") || $0.contains("\(id) ERROR:") }
            #expect(lines.count <= 1, "\(id) judged \(lines.count) times")
        }
        print("crash/restart: \(kills) SIGKILLs, 20 scans, \(records.count) records")
    }
}

