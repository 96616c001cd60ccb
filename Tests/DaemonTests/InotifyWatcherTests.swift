import CellQATestKit
@testable import Daemon
import Foundation
import Synchronization
import Testing

@Suite struct InotifyWatcherTests {
    final class Events: Sendable {
        let list = Mutex<[FileSystemEvent]>([])
        func append(_ e: FileSystemEvent) { list.withLock { $0.append(e) } }
        var all: [FileSystemEvent] { list.withLock { $0 } }
    }

    @Test func reportsNestedFoldersAndFiles() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: root.file("existing"), withIntermediateDirectories: true)
        let watcher = try InotifyWatcher(root: root.path)
        #expect(watcher.watchedDirectoryCount == 2) // root and existing/
        let events = Events()
        watcher.startThread { events.append($0) }
        defer { watcher.stop() }

        // mkdir -p of two levels at once: the inner one may be made before the
        // outer watch exists; addTree finds it anyway.
        try FileManager.default.createDirectory(atPath: root.file("day/cellA"), withIntermediateDirectories: true)
        #expect(await eventually { events.all.contains(.directoryAppeared(path: root.file("day/cellA"))) })
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: root.file("day/cellA/slice_0001.tif")))
        try Data([1]).write(to: URL(fileURLWithPath: root.file("existing/x.done")))
        #expect(await eventually { events.all.contains(.fileChanged(path: root.file("day/cellA/slice_0001.tif"))) })
        #expect(await eventually { events.all.contains(.fileChanged(path: root.file("existing/x.done"))) })
        #expect(events.all.contains(.directoryAppeared(path: root.file("day"))))
        #expect(watcher.watchedDirectoryCount == 4)

        try FileManager.default.removeItem(atPath: root.file("day"))
        #expect(await eventually { events.all.contains(.directoryRemoved(path: root.file("day"))) })
    }

    @Test func recoversWhenTheRootIsDeletedAndRecreated() async throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        let root = parent.file("export")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let watcher = try InotifyWatcher(root: root, recoveryInterval: .milliseconds(50))
        let events = Events()
        watcher.startThread { events.append($0) }
        defer { watcher.stop() }

        try FileManager.default.removeItem(atPath: root)
        #expect(await eventually { events.all.contains(.rootLost(path: root)) })
        try FileManager.default.createDirectory(atPath: root + "/scan1", withIntermediateDirectories: true)
        #expect(await eventually { events.all.contains { if case .rescanNeeded = $0 { return true } else { return false } } })
        // Watching again: a new file below the recreated root is reported.
        try await Task.sleep(for: .milliseconds(50))
        try Data([9]).write(to: URL(fileURLWithPath: root + "/scan1/slice_0001.tif"))
        #expect(await eventually { events.all.contains(.fileChanged(path: root + "/scan1/slice_0001.tif")) })
        #expect(watcher.watchedDirectoryCount == 2)
    }

    @Test func missingRootIsATypedError() {
        #expect(throws: DaemonError.exportFolderMissing("/nonexistent/cellqa-export")) {
            _ = try InotifyWatcher(root: "/nonexistent/cellqa-export")
        }
    }
}
