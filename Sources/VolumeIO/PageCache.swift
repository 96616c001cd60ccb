import Foundation

/// Advice to the kernel about a file's pages in the page cache (`posix_fadvise`),
/// needing no privileges. Failures are ignored: advice never changes what is read.
public enum PageCache {
    /// Starts loading the whole file, in steps of 128 kB: the kernel reads at most its
    /// read-ahead window (128 kB by default on many disks) per call. Returns once the
    /// reads are submitted, not when they are done.
    public static func willNeed(_ file: String) {
        withDescriptor(file) { fd, size in
            let step = off_t(128 << 10)
            var offset = off_t(0)
            while offset < size {
                _ = posix_fadvise(fd, offset, step, Int32(POSIX_FADV_WILLNEED))
                offset += step
            }
        }
    }

    /// Drops the file's pages, written back first so that pages just written can go
    /// too: the next read comes from the disk.
    public static func drop(_ file: String) {
        withDescriptor(file) { fd, _ in
            _ = fsync(fd)
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
        }
    }

    private static func withDescriptor(_ file: String, _ body: (Int32, off_t) -> Void) {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return }
        body(fd, info.st_size)
    }
}
