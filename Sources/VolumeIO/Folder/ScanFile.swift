import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which files of a scan cellqa reads (issue 19 item 7): regular files, and
/// symbolic links that resolve to a regular file inside the scan's boundary (the
/// export folder). A link leading out of it (a slice → `/etc/passwd`), a FIFO, a
/// device or a socket is refused with a reason naming the file and what to do:
/// reading one would put foreign bytes in a record, or block forever. Sidecars
/// (`cellqa.json`, `.xtekct`, `.pcr`) are small text files: they are read only
/// up to `sidecarLimit`, so a 1 GB "sidecar" cannot exhaust memory.
public enum ScanFile {
    /// Largest sidecar read, in bytes (1 MiB; a scanner's own is a few kB).
    public static let sidecarLimit = 1 << 20

    /// The folder a scan's files must stay inside: `exportRoot` when the scan at
    /// `scanPath` is below it, else the folder holding the scan (a manual
    /// inspection elsewhere), both with links resolved.
    public static func boundary(of scanPath: String, exportRoot: String?) -> String {
        let scan = URL(fileURLWithPath: scanPath).standardizedFileURL.path
        if let exportRoot {
            let root = URL(fileURLWithPath: exportRoot).standardizedFileURL.path
            if scan.hasPrefix(root == "/" ? "/" : root + "/") { return resolved(root) ?? root }
        }
        let real = resolved(scan) ?? scan
        return URL(fileURLWithPath: real).deletingLastPathComponent().path
    }

    /// Throws unless `path` is a regular file or a link to one inside `boundary`
    /// (nil: links are not followed out of the folder holding `path`).
    public static func check(_ path: String, boundary: String?) throws(VolumeIOError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .notFound(path: path) }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG { return }
        guard type == S_IFLNK else { throw .notRegularFile(path: path, kind: kind(of: type)) }
        let inside = boundary.flatMap(resolved) ?? resolved(URL(fileURLWithPath: path).deletingLastPathComponent().path) ?? "/"
        guard let target = resolved(path) else { throw .linkOutsideExport(path: path, target: nil, boundary: inside) }
        guard target.hasPrefix(inside == "/" ? "/" : inside + "/") else {
            throw .linkOutsideExport(path: path, target: target, boundary: inside)
        }
        var targetInfo = stat()
        guard stat(target, &targetInfo) == 0 else { throw .linkOutsideExport(path: path, target: nil, boundary: inside) }
        let targetType = targetInfo.st_mode & S_IFMT
        guard targetType == S_IFREG else { throw .notRegularFile(path: path, kind: "link to " + kind(of: targetType)) }
    }

    /// The bytes of the sidecar at `path`, after `check`; throws
    /// `sidecarTooLarge` past `limit` bytes without reading them.
    public static func readSidecar(_ path: String, boundary: String?, limit: Int = sidecarLimit) throws(VolumeIOError) -> Data {
        try check(path, boundary: boundary)
        // O_NONBLOCK: should the file be swapped for a FIFO after the check, open does not wait for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .notRegularFile(path: path, kind: "not a regular file when opened")
        }
        guard info.st_size <= limit else { throw .sidecarTooLarge(path: path, bytes: Int64(info.st_size), limit: limit) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, detail: String(cString: strerror(errno)))
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            // Grown since fstat: still never more than the limit in memory.
            guard data.count <= limit else { throw .sidecarTooLarge(path: path, bytes: Int64(data.count), limit: limit) }
        }
    }

    /// True when anything is at `path`, a dangling link included (so it is
    /// refused with a reason rather than silently missed).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// `path` with every link resolved, nil when it leads nowhere.
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    static func kind(of type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        default: return "not a regular file"
        }
    }
}
