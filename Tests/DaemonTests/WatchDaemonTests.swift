import CellQATestKit
import Daemon
import Foundation
import Testing

/// The watcher, detector, queue and workers together, in-process, on temporary
/// export folders, with a recording test inspector.
@Suite struct WatchDaemonTests {
    @Test func sliceBySliceExportsAreInspectedOnceAfterTheirMarkerAndAStallEndsAsError() async throws {
        let export = try TemporaryDirectory()
        defer { export.remove() }
        let harness = DaemonHarness(export: export, stallTimeout: .milliseconds(1500), concurrency: 2)
        let running = harness.start()
        let scanner = ExportSimulator(root: export.url)
        try await Task.sleep(for: .milliseconds(100))

        // Four scans exported side by side, 5 slices each with pauses inside and
        // between slices, marker last; one export that stops after 2 slices.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for scan in 1...4 {
                group.addTask {
                    let folder = try scanner.makeFolder("2026-11-26/cell\(scan)")
                    for slice in 1...5 {
                        try await scanner.writeSlice(slice, in: folder, pause: .milliseconds(30))
                        try await Task.sleep(for: .milliseconds(60))
                    }
                    try scanner.writeMarker(for: folder)
                }
            }
            group.addTask {
                let folder = try scanner.makeFolder("2026-11-26/stalled")
                for slice in 1...2 { try await scanner.writeSlice(slice, in: folder) }
            }
            try await group.waitForAll()
        }
        #expect(await eventually { harness.inspector.calls.count >= 5 })
        try await Task.sleep(for: .milliseconds(600)) // room for any wrong second inspection
        try await running.stop()

        let calls = harness.inspector.calls
        let inspected = calls.filter { $0.kind == "inspect" }
        // Exactly once each; in a sub-folder, so named with a hash of "2026-11-26/cellN" (`ScanID`).
        #expect(inspected.map(\.scanID).sorted() == ["cell1--5ec541aa64", "cell2--272f7befe1", "cell3--d62b9190cf", "cell4--f762bd7311"])
        #expect(inspected.allSatisfy { $0.slicesAtCall == 5 }) // never before the last slice
        let errors = calls.filter { $0.kind == "error" }
        #expect(errors.map(\.scanID) == ["stalled--eed37fb43c"])
        #expect(errors.first?.slicesAtCall == 2)
        #expect(errors.first?.reason?.hasPrefix("export stalled: 2 slices and no change for 1.5 s") == true)
        #expect(calls.count == 5)
    }

    /// Issue 19 item 3: touching a slice of a judged scan (no new marker) is a
    /// re-export, judged again once whole, not ERROR "export stalled"; a judged
    /// scan that lost a slice is still a stalled export. Also after a restart.
    @Test func aChangeAfterJudgementIsJudgedAgainWhenWholeNotRecordedAsStalled() async throws {
        let export = try TemporaryDirectory()
        defer { export.remove() }
        let ledger = MemoryLedger()
        let harness = DaemonHarness(export: export, ledger: ledger, stallTimeout: .milliseconds(1500))
        let running = harness.start()
        let scanner = ExportSimulator(root: export.url)
        try await Task.sleep(for: .milliseconds(100))
        let touched = try await scanner.exportComplete("touched", slices: 3)
        let shrunk = try await scanner.exportComplete("shrunk", slices: 3)
        #expect(await eventually { harness.inspector.calls.count == 2 })

        try await Task.sleep(for: .milliseconds(20)) // a distinct modification time
        try await scanner.writeSlice(2, in: touched)
        try FileManager.default.removeItem(at: shrunk.appendingPathComponent("slice_0003.tif"))
        try await scanner.writeSlice(1, in: shrunk)
        #expect(await eventually { harness.inspector.calls.count == 4 })
        try await Task.sleep(for: .milliseconds(300)) // room for any wrong extra call
        try await running.stop()

        let calls = harness.inspector.calls
        #expect(calls.count == 4)
        #expect(calls.filter { $0.scanID == "touched" }.map(\.kind) == ["inspect", "inspect"])
        #expect(calls.filter { $0.scanID == "touched" }.map(\.slicesAtCall) == [3, 3])
        #expect(calls.filter { $0.scanID == "shrunk" }.map(\.kind) == ["inspect", "error"])
        #expect(calls.last { $0.scanID == "shrunk" }?.reason?.hasPrefix("export stalled: 2 slices") == true)

        // Touched again while stopped: the restart's catch-up judges it again too.
        try await Task.sleep(for: .milliseconds(20))
        try await scanner.writeSlice(3, in: touched)
        let second = DaemonHarness(export: export, ledger: ledger, stallTimeout: .milliseconds(1500))
        let run2 = second.start()
        #expect(await eventually { second.inspector.calls.count >= 1 })
        try await Task.sleep(for: .milliseconds(300))
        try await run2.stop()
        #expect(second.inspector.calls.map(\.scanID) == ["touched"])
        #expect(second.inspector.calls.map(\.kind) == ["inspect"])
    }

    /// Issue 19 item 6: no scan may be missed. With no file events at all (as on a network
    /// share, or for a folder created unreadable and opened up later, whose events never
    /// came), the periodic sweep finds scans exported while the daemon runs, each once,
    /// and a scan already judged is not judged again by later sweeps.
    @Test func theSweepFindsScansNoFileEventAnnounced() async throws {
        let export = try TemporaryDirectory()
        defer { export.remove() }
        let harness = DaemonHarness(export: export, sweepInterval: .milliseconds(300), fileEvents: false)
        let running = harness.start()
        let scanner = ExportSimulator(root: export.url)
        try await Task.sleep(for: .milliseconds(100))
        _ = try await scanner.exportComplete("first", slices: 3)
        #expect(await eventually { harness.inspector.calls.count == 1 })
        _ = try await scanner.exportComplete("second", slices: 2)
        #expect(await eventually { harness.inspector.calls.count == 2 })
        try await Task.sleep(for: .milliseconds(900)) // three more sweeps: nothing judged twice
        try await running.stop()
        let calls = harness.inspector.calls
        #expect(calls.map(\.scanID) == ["first", "second"])
        #expect(calls.map(\.kind) == ["inspect", "inspect"])
        #expect(calls.map(\.slicesAtCall) == [3, 2])
    }

    @Test func catchUpAfterRestartInspectsOnlyWhatHasNoRecord() async throws {
        let export = try TemporaryDirectory()
        defer { export.remove() }
        let ledger = MemoryLedger()
        let scanner = ExportSimulator(root: export.url)
        for scan in 1...3 { _ = try await scanner.exportComplete("scan\(scan)", slices: 3) }

        let first = DaemonHarness(export: export, ledger: ledger)
        let run1 = first.start()
        #expect(await eventually { first.inspector.calls.count == 3 })
        try await run1.stop()

        // While stopped: two new scans, and scan2 re-exported (one slice rewritten).
        for scan in 4...5 { _ = try await scanner.exportComplete("scan\(scan)", slices: 3) }
        try await Task.sleep(for: .milliseconds(20)) // a distinct modification time
        try await scanner.writeSlice(2, in: export.url.appendingPathComponent("scan2"))
        try scanner.writeMarker(for: export.url.appendingPathComponent("scan2"))

        let second = DaemonHarness(export: export, ledger: ledger)
        let run2 = second.start()
        #expect(await eventually { second.inspector.calls.count >= 3 })
        try await Task.sleep(for: .milliseconds(500))
        try await run2.stop()
        #expect(second.inspector.calls.map(\.scanID).sorted() == ["scan2", "scan4", "scan5"])
        #expect(ledger.count == 6) // 5 scans, scan2 twice (two fingerprints)
    }

    @Test func anInspectionCutOffByCancellationIsRedoneAfterRestart() async throws {
        let export = try TemporaryDirectory()
        defer { export.remove() }
        let ledger = MemoryLedger()
        _ = try await ExportSimulator(root: export.url).exportComplete("slow", slices: 2)

        let first = DaemonHarness(export: export, ledger: ledger, work: .seconds(30))
        let run1 = first.start()
        #expect(await eventually { first.inspector.calls.count == 1 })
        run1.task.cancel() // as after the shutdown timeout: the running inspection is abandoned
        try await run1.task.value
        #expect(ledger.count == 0)

        let second = DaemonHarness(export: export, ledger: ledger)
        let run2 = second.start()
        #expect(await eventually { second.inspector.calls.count == 1 })
        try await run2.stop()
        #expect(second.inspector.calls.map(\.scanID) == ["slow"])
        #expect(ledger.count == 1)
    }

    @Test func fiftyScansDroppedAtOnceAreAllInspectedWithBoundedConcurrency() async throws {
        let staging = try TemporaryDirectory()
        let export = try TemporaryDirectory()
        defer { staging.remove(); export.remove() }
        let scanner = ExportSimulator(root: staging.url)
        for scan in 1...50 { _ = try await scanner.exportComplete(String(format: "bulk%02d", scan), slices: 3) }

        let harness = DaemonHarness(export: export, work: .milliseconds(30), concurrency: 3)
        let running = harness.start()
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        for scan in 1...50 { // rename(2) into the watched folder: all at once
            let name = String(format: "bulk%02d", scan)
            try FileManager.default.moveItem(at: staging.url.appendingPathComponent(name),
                                             to: export.url.appendingPathComponent(name))
        }
        #expect(await eventually(timeout: .seconds(30)) { harness.inspector.calls.count >= 50 })
        let elapsed = ContinuousClock.now - start
        try await Task.sleep(for: .milliseconds(300))
        try await running.stop()

        let calls = harness.inspector.calls
        #expect(calls.count == 50)
        #expect(Set(calls.map(\.scanID)).count == 50)
        #expect(harness.inspector.maxConcurrent == 3) // bounded, and the bound is used
        // 50 × 30 ms / 3 workers = 0.5 s of inspection; detection adds the 0.2 s settle.
        #expect(elapsed < .seconds(5), "50 scans took \(elapsed)")
        print("throughput: 50 scans in \(elapsed), at most \(harness.inspector.maxConcurrent) at once")
    }
}
