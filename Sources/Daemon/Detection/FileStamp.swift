import Glibc

/// Size and modification time of one file, from lstat(2): all the detector and
/// the fingerprint look at (contents are never read).
public struct FileStamp: Sendable, Hashable {
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    public var isRegularFile: Bool
    public var isDirectory: Bool

    public var modifiedSeconds: Double { Double(modifiedNanoseconds) / 1e9 }

    /// nil when `path` does not exist (any more).
    public static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return FileStamp(size: Int64(info.st_size),
                         modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                         isRegularFile: type == S_IFREG, isDirectory: type == S_IFDIR)
    }
}
