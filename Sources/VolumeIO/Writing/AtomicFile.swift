import Foundation

/// Writes a file so that readers see either the old content or the complete new
/// one, never a partial file: the body writes a hidden temporary name in the same
/// folder (same file system), which is then renamed over the destination.
///
/// The temporary name starts with "." and does not end in `.tif`/`.png`, so a scan
/// watcher or `SliceFolder` never mistakes it for a finished file.
enum AtomicFile {
    /// A fresh hidden temporary path beside `path`.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).partial"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Runs `body` on a temporary path, then renames it to `path`; removes it if anything fails.
    static func write<T>(_ path: String, _ body: (String) throws(VolumeIOError) -> T) throws(VolumeIOError) -> T {
        let temporary = temporaryPath(for: path)
        do {
            let result = try body(temporary)
            try commit(temporary, to: path)
            return result
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Renames `temporary` over `path` (atomic within one file system).
    static func commit(_ temporary: String, to path: String) throws(VolumeIOError) {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .writeFailed(path: path, detail: "rename failed: \(reason)")
        }
    }
}
