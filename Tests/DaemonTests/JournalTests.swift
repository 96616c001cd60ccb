@testable import Daemon
import Foundation
import Logging
import Testing

@Suite struct JournalFieldsTests {
    @Test func verdictFieldsAndPriority() {
        let fields = JournalFields.make(level: .notice, message: "cell7 FAIL: can.max_dent_mm 0.31 > 0.20",
                                        metadata: ["scan_id": "cell7", "serial": "SN-0007", "verdict": "FAIL",
                                                   "metric": "can.max_dent_mm", "reason_code": "can.max_dent_mm",
                                                   "queue-length": "3"],
                                        label: "cellqa.watch", file: "WatchDaemon.swift", function: "log(_:)", line: 42)
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["MESSAGE"] == "cell7 FAIL: can.max_dent_mm 0.31 > 0.20")
        #expect(byName["PRIORITY"] == "5")
        #expect(byName["CELLQA_SCAN_ID"] == "cell7")
        #expect(byName["CELLQA_SERIAL"] == "SN-0007")
        #expect(byName["CELLQA_VERDICT"] == "FAIL")
        #expect(byName["CELLQA_METRIC"] == "can.max_dent_mm")
        #expect(byName["CELLQA_REASON_CODE"] == "can.max_dent_mm")
        #expect(byName["CELLQA_QUEUE_LENGTH"] == "3") // '-' is not allowed in a field name
        #expect(byName["SYSLOG_IDENTIFIER"] == "cellqa")
        #expect(byName["CODE_LINE"] == "42")
        #expect(JournalFields.encode([("MESSAGE", "a\nb")]) == [Array("MESSAGE=a\nb".utf8)])
    }

    /// The table of the design: PASS info, FAIL notice, INVALID warning, ERROR err;
    /// without a verdict the swift-log level decides.
    @Test func priorities() {
        #expect(["PASS", "FAIL", "INVALID", "ERROR"].map { JournalFields.priority(level: .info, verdict: $0) } == [6, 5, 4, 3])
        #expect([Logger.Level.debug, .info, .notice, .warning, .error, .critical].map {
            JournalFields.priority(level: $0, verdict: nil)
        } == [7, 6, 5, 4, 3, 2])
    }

    @Test func stderrIsJournalOnlyWhenTheStreamMatches() {
        #expect(!JournalLogHandler.stderrIsJournal(environment: [:]))
        #expect(!JournalLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "1:1"]))
        #expect(DaemonLogging.resolve(.auto, environment: [:]) == .stderr)
    }
}

/// Writes through sd_journal_sendv to a real journald and reads the entry back
/// with journalctl. Starts /lib/systemd/systemd-journald itself when none runs
/// (PID 1 here is not systemd), and stops only the one it started.
@Suite(.serialized) struct JournalRoundTripTests {
    static let journald = "/lib/systemd/systemd-journald"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: journald) && FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl")
    }

    @Test(.enabled(if: available, "systemd-journald or journalctl not installed: skipping the journal round trip"))
    func entryIsReadBackWithItsFields() async throws {
        var started: Process?
        if !FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") || !Self.journaldRuns() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.journald)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            // Not our NOTIFY_SOCKET (a parallel test's): journald would announce itself there.
            process.environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
            try process.run()
            started = process
        }
        defer {
            if let started, started.isRunning { started.terminate(); started.waitUntilExit() }
        }
        // A socket file left by an earlier journald refuses datagrams until ours binds
        // it again: wait until a probe entry is accepted (sd_journal_sendv → 0).
        let probe = JournalFields.encode([("MESSAGE", "cellqa test probe"), ("SYSLOG_IDENTIFIER", "cellqa-test")])
        guard await eventually(timeout: .seconds(5), {
            FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") && JournalLogHandler.send(probe) == 0
        }) else {
            Issue.record("journald did not accept entries within 5 s")
            return
        }
        let scanID = "rt-" + UUID().uuidString.prefix(8).lowercased()
        let handler = JournalLogHandler(label: "cellqa.test")
        var logger = Logger(label: "cellqa.test", factory: { _ in handler })
        logger.logLevel = .info
        logger.error("\(scanID) ERROR: volume unreadable\nat slice 3",
                     metadata: ["scan_id": "\(scanID)", "verdict": "ERROR", "serial": "SN-9"])

        var entry: [String: Any]?
        _ = await eventually(timeout: .seconds(5)) {
            entry = Self.readBack(field: "CELLQA_SCAN_ID", value: scanID)
            return entry != nil
        }
        guard let entry else {
            Issue.record("no journal entry with CELLQA_SCAN_ID=\(scanID) (journald running: \(Self.journaldRuns()))")
            return
        }
        #expect(entry["CELLQA_VERDICT"] as? String == "ERROR")
        #expect(entry["CELLQA_SERIAL"] as? String == "SN-9")
        #expect(entry["PRIORITY"] as? String == "3")
        #expect(entry["SYSLOG_IDENTIFIER"] as? String == "cellqa")
        #expect(entry["MESSAGE"] as? String == "\(scanID) ERROR: volume unreadable\nat slice 3")
        #expect(entry["_TRANSPORT"] as? String == "journal")
    }

    static func journaldRuns() -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.contains { pid in
            guard Int(pid) != nil, let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return false }
            return comm.trimmingCharacters(in: .whitespacesAndNewlines) == "systemd-journal"
        }
    }

    static func readBack(field: String, value: String) -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        process.arguments = ["\(field)=\(value)", "-o", "json", "--no-pager"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        // journalctl prints a value with a newline as an array of bytes.
        var decoded = object
        for (key, raw) in object {
            if let bytes = raw as? [NSNumber] { decoded[key] = String(decoding: bytes.map { UInt8(truncating: $0) }, as: UTF8.self) }
        }
        return decoded
    }
}
