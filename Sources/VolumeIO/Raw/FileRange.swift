import Foundation

/// Plain POSIX reads of byte ranges: a raw volume is read slice by slice at its
/// offset (`pread`), never mapped or loaded whole.
enum FileRange {
    /// Size of `path` in bytes.
    static func size(of path: String) throws(VolumeIOError) -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw .notFound(path: path) }
            throw .unreadable(path: path, detail: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path: path, detail: "not a regular file") }
        return UInt64(info.st_size)
    }

    static func openForReading(_ path: String) throws(VolumeIOError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .notFound(path: path) }
            throw .unreadable(path: path, detail: String(cString: strerror(errno)))
        }
        return fd
    }

    /// Reads up to `count` bytes at `offset`, retrying short reads; returns how
    /// many were read (fewer only at the end of the file).
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64,
                     path: String) throws(VolumeIOError) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, detail: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The first `limit` bytes of `path` (fewer if the file is shorter): headers.
    static func prefix(of path: String, limit: Int) throws(VolumeIOError) -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var failure: VolumeIOError?
        let count = bytes.withUnsafeMutableBytes { buffer -> Int in
            do throws(VolumeIOError) {
                return try read(fd, into: buffer.baseAddress!, count: limit, at: 0, path: path)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return Array(bytes.prefix(count))
    }

    /// Asks the kernel to start reading `ranges` into the page cache; never fails.
    static func willNeed(_ path: String, ranges: [(offset: UInt64, length: UInt64)]) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let step = UInt64(128 << 10)
        for range in ranges {
            var offset = range.offset
            let end = range.offset + range.length
            while offset < end {
                _ = posix_fadvise(fd, off_t(offset), off_t(min(step, end - offset)), Int32(POSIX_FADV_WILLNEED))
                offset += step
            }
        }
    }
}
