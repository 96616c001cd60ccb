import Foundation
import Glibc
import Synchronization

/// Watches a folder tree with Linux inotify and reports `FileSystemEvent`s.
///
/// - Every directory below the root is watched (inotify is not recursive); a new
///   directory gets its watches at once, then `directoryAppeared` is reported so
///   the caller looks for files written before the watch existed.
/// - IN_Q_OVERFLOW (the kernel dropped events) re-creates the watches and reports
///   `rescanNeeded`.
/// - The root deleted or moved away reports `rootLost`; the watcher then checks
///   every `recoveryInterval` for it to come back, re-adds the watches and reports
///   `rescanNeeded`.
///
/// `run(_:)` blocks in poll(2)/read(2), so call it on a thread of its own (see
/// `startThread(_:)`), never on the cooperative pool. `stop()` wakes it from any
/// thread through a pipe.
public final class InotifyWatcher: Sendable {
    public let root: String
    public let recoveryInterval: Duration
    private let inotifyFD: Int32
    /// A pipe whose read end poll(2) watches beside inotify: one byte written
    /// wakes the loop to stop.
    private let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    /// wd → directory path. Only the reader thread (and `init`) touch it; the
    /// mutex makes that safe to state without `@unchecked`.
    private let watches = Mutex<[Int32: String]>([:])
    private let isRootLost = Mutex(false)

    /// Opens inotify and watches `root` and every directory below it before
    /// returning, so a scan of the tree started afterwards misses no event.
    public init(root: String, recoveryInterval: Duration = .milliseconds(250)) throws(DaemonError) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.recoveryInterval = recoveryInterval
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .exportFolderMissing(self.root)
        }
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw .inotifyUnavailable(errno: errno) }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            close(fd)
            throw .inotifyUnavailable(errno: errno)
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        inotifyFD = fd
        wakeReadFD = pipeEnds[0]
        wakeWriteFD = pipeEnds[1]
        if addTree(self.root).isEmpty {
            throw .exportFolderUnreadable(self.root, errno: errno)
        }
    }

    deinit {
        close(inotifyFD)
        close(wakeReadFD)
        close(wakeWriteFD)
    }

    /// How many directories are watched now (for tests and the status line).
    public var watchedDirectoryCount: Int { watches.withLock { $0.count } }

    /// Runs `run(handler)` on a new dedicated thread and returns at once.
    public func startThread(_ handler: @escaping @Sendable (FileSystemEvent) -> Void) {
        let thread = Thread { [self] in self.run(handler) }
        thread.name = "cellqa-inotify"
        thread.start()
    }

    /// Wakes `run` and makes it return. Safe from any thread, more than once.
    /// Watches every directory of the tree again, those missed before included (a
    /// directory unreadable when it appeared); returns how many are watched.
    @discardableResult
    public func rewatch() -> Int {
        addTree(root).count
    }

    public func stop() {
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }

    /// The blocking read loop: returns after `stop()`.
    public func run(_ handler: @Sendable (FileSystemEvent) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        let recoveryMilliseconds = Int32(recoveryInterval.components.seconds * 1000
            + recoveryInterval.components.attoseconds / 1_000_000_000_000_000)
        var fds = [pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
        while true {
            let lost = isRootLost.withLock { $0 }
            let ready = poll(&fds, nfds_t(fds.count), lost ? max(recoveryMilliseconds, 10) : -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if lost { recoverRootIfBack(handler) }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let count = read(inotifyFD, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return
            }
            let records = InotifyRecord.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            for record in records { handle(record, handler) }
        }
    }

    // MARK: - events

    private func handle(_ record: InotifyRecord, _ handler: @Sendable (FileSystemEvent) -> Void) {
        if record.has(InotifyMask.queueOverflow) {
            _ = addTree(root)
            handler(.rescanNeeded(reason: "inotify queue overflowed: events were dropped"))
            return
        }
        let directory = watches.withLock { $0[record.watch] }
        if record.has(InotifyMask.ignored) {
            _ = watches.withLock { $0.removeValue(forKey: record.watch) }
            return
        }
        guard let directory else { return }
        if record.name.isEmpty {
            // An event about a watched directory itself.
            if directory == root, record.has(InotifyMask.deleteSelf) || record.has(InotifyMask.moveSelf)
                || record.has(InotifyMask.unmount) {
                loseRoot(handler)
            }
            return
        }
        let path = directory + "/" + record.name
        if record.has(InotifyMask.isDirectory) {
            if record.has(InotifyMask.create) || record.has(InotifyMask.movedTo) {
                for added in addTree(path) { handler(.directoryAppeared(path: added)) }
            } else if record.has(InotifyMask.delete) || record.has(InotifyMask.movedFrom) {
                handler(.directoryRemoved(path: path))
            }
            return
        }
        handler(.fileChanged(path: path))
    }

    private func loseRoot(_ handler: @Sendable (FileSystemEvent) -> Void) {
        let stale = watches.withLock { table -> [Int32] in
            defer { table.removeAll() }
            return Array(table.keys)
        }
        for wd in stale { inotify_rm_watch(inotifyFD, wd) }
        isRootLost.withLock { $0 = true }
        handler(.rootLost(path: root))
    }

    private func recoverRootIfBack(_ handler: @Sendable (FileSystemEvent) -> Void) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
              !addTree(root).isEmpty else { return }
        isRootLost.withLock { $0 = false }
        handler(.rescanNeeded(reason: "export folder \(root) is back: watching it again"))
    }

    // MARK: - watches

    /// Watches `path` and every directory below it (symbolic links not followed);
    /// returns the directories now watched, parents before children. Adding a
    /// directory already watched returns its old descriptor, so this also
    /// refreshes paths after a move inside the tree.
    private func addTree(_ path: String) -> [String] {
        let wd = inotify_add_watch(inotifyFD, path, InotifyMask.watched)
        guard wd >= 0 else { return [] }
        watches.withLock { $0[wd] = path }
        var added = [path]
        let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in children.sorted() {
            let child = path + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            added += addTree(child)
        }
        return added
    }
}
