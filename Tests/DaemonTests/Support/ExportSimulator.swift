import Foundation

/// Writes scans into an export folder the way a scanner does: slice files one
/// after another (each in two writes with a pause between), then the marker.
struct ExportSimulator {
    let root: URL

    @discardableResult
    func makeFolder(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes slice `index` of a scan folder: 2 KiB in two halves with `pause`
    /// between, so the file exists (half-written) for that long.
    func writeSlice(_ index: Int, in folder: URL, pause: Duration = .zero) async throws {
        let url = folder.appendingPathComponent(String(format: "slice_%04d.tif", index))
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(repeating: UInt8(index & 0xff), count: 1024))
        if pause > .zero { try await Task.sleep(for: pause) }
        try handle.write(contentsOf: Data(repeating: 0x5a, count: 1024))
        try handle.close()
    }

    func writeMarker(for folder: URL) throws {
        try Data("done\n".utf8).write(to: folder.appendingPathComponent("scan.done"))
    }

    /// A complete scan written at once: `slices` slices and the marker.
    func exportComplete(_ relative: String, slices: Int) async throws -> URL {
        let folder = try makeFolder(relative)
        for index in 1...slices { try await writeSlice(index, in: folder) }
        try writeMarker(for: folder)
        return folder
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
