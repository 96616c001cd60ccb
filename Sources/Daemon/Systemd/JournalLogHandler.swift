import CSystemd
import Glibc
import Logging

/// A swift-log handler writing structured entries to journald with
/// sd_journal_sendv (fields by `JournalFields`).
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if let error = event.error { merged["error"] = "\(error)" }
        let fields = JournalFields.make(level: event.level, message: event.message.description, metadata: merged,
                                        label: label, file: event.file, function: event.function, line: event.line)
        Self.send(JournalFields.encode(fields))
    }

    /// Sends one entry; returns sd_journal_sendv's result (0 also when no
    /// journald listens, so it proves nothing alone).
    @discardableResult
    static func send(_ entries: [[UInt8]]) -> Int32 {
        let buffers = entries.map { bytes -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            buffer.copyBytes(from: bytes)
            return buffer
        }
        defer { for buffer in buffers { buffer.deallocate() } }
        var vectors = zip(buffers.indices, entries).map { index, bytes in
            iovec(iov_base: buffers[index].baseAddress, iov_len: bytes.count)
        }
        return vectors.withUnsafeMutableBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
    }

    /// True when stderr is connected to the journal (systemd sets JOURNAL_STREAM
    /// to its device and inode), i.e. the process runs as a service.
    public static func stderrIsJournal(environment: [String: String]) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
