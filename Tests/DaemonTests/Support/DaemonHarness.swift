import CellQATestKit
import Daemon
import Foundation
import Logging

/// Runs a `WatchDaemon` in-process on a temporary export folder and stops it
/// the way SIGTERM does (the shutdown switch).
struct DaemonHarness {
    let export: TemporaryDirectory
    let ledger: MemoryLedger
    let inspector: RecordingInspector
    let settings: WatchSettings

    init(export: TemporaryDirectory, ledger: MemoryLedger = MemoryLedger(), work: Duration = .milliseconds(20),
         completion: ExportCompletion = .marker(patterns: ["*.done"]), stallTimeout: Duration = .seconds(30),
         concurrency: Int = 2, sweepInterval: Duration = .seconds(60), fileEvents: Bool = true) {
        self.export = export
        self.ledger = ledger
        self.inspector = RecordingInspector(ledger: ledger, work: work)
        self.settings = WatchSettings(exportFolder: export.path, completion: completion, settle: .milliseconds(200),
                                      stallTimeout: stallTimeout, concurrency: concurrency, pollInterval: .milliseconds(50),
                                      sweepInterval: sweepInterval, fileEvents: fileEvents)
    }

    /// Starts the daemon; the returned handle stops it.
    func start(notifier: SystemdNotifier = .disabled) -> Running {
        let shutdown = ShutdownSwitch()
        var logger = Logger(label: "cellqa.test")
        logger.logLevel = .critical
        let daemon = WatchDaemon(settings: settings, inspector: inspector, ledger: ledger, fingerprint: testFingerprint,
                                 notifier: notifier, logger: logger, shutdown: shutdown)
        let task = Task { try await daemon.run() }
        return Running(shutdown: shutdown, task: task)
    }

    struct Running {
        let shutdown: ShutdownSwitch
        let task: Task<Void, any Error>

        func stop() async throws {
            shutdown.trigger()
            try await task.value
        }
    }
}
