import CellQATestKit
import Daemon
import Testing

@Suite struct WatchSettingsTests {
    /// Half the cores, capped by one scan per 4 GiB, at least one.
    @Test func defaultConcurrencyFromCoresAndMemory() {
        let gib: UInt64 = 1 << 30
        #expect(WatchSettings.defaultConcurrency(cores: 2, memoryBytes: 24 * gib) == 1)
        #expect(WatchSettings.defaultConcurrency(cores: 16, memoryBytes: 64 * gib) == 8)
        #expect(WatchSettings.defaultConcurrency(cores: 16, memoryBytes: 10 * gib) == 2) // 10/4 → 2
        #expect(WatchSettings.defaultConcurrency(cores: 1, memoryBytes: 1 * gib) == 1)
    }

    @Test func validationNamesTheSettingToFix() throws {
        let export = try TemporaryDirectory()
        defer { export.remove() }
        let good = WatchSettings(exportFolder: export.path)
        #expect(try good.validated() == good)
        var bad = good
        bad.concurrency = 0
        #expect(throws: DaemonError.invalidSetting("watch.concurrency = 0: must be at least 1")) { try bad.validated() }
        bad = good
        bad.stallTimeout = .seconds(1)
        #expect(throws: DaemonError.invalidSetting("watch.stall_timeout_seconds must exceed watch.settle_seconds")) {
            try bad.validated()
        }
        bad = good
        bad.sweepInterval = .zero
        #expect(throws: DaemonError.invalidSetting("completion.sweep_seconds must be positive")) { try bad.validated() }
        bad = good
        bad.completion = .marker(patterns: [])
        #expect(throws: DaemonError.self) { try bad.validated() }
        bad = good
        bad.exportFolder = export.file("missing")
        #expect(throws: DaemonError.exportFolderMissing(export.file("missing"))) { try bad.validated() }
    }
}
