import Glibc

/// One decoded `struct inotify_event`: the 16-byte header (wd, mask, cookie, len)
/// followed by `len` bytes of NUL-padded name.
struct InotifyRecord: Equatable, Sendable {
    var watch: Int32
    var mask: UInt32
    var cookie: UInt32
    /// The entry's name inside the watched directory; empty for events about the
    /// directory itself.
    var name: String

    func has(_ bit: UInt32) -> Bool { mask & bit != 0 }

    /// Decodes every complete record in `bytes` (what one read(2) returned).
    /// Records need not be aligned in the buffer, hence `loadUnaligned`.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [InotifyRecord] {
        let header = MemoryLayout<inotify_event>.size
        var records: [InotifyRecord] = []
        var offset = 0
        while offset + header <= bytes.count {
            let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let nameLength = Int(event.len)
            guard offset + header + nameLength <= bytes.count else { break }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[(offset + header)..<(offset + header + nameLength)])
            let trimmed = nameBytes.prefix { $0 != 0 }
            records.append(InotifyRecord(watch: event.wd, mask: event.mask, cookie: event.cookie,
                                         name: String(decoding: trimmed, as: UTF8.self)))
            offset += header + nameLength
        }
        return records
    }
}
