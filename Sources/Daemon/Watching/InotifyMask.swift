/// inotify event bits, as `<sys/inotify.h>` defines them (Linux ABI, stable).
/// Spelled out here because the C macros import with mixed integer types.
enum InotifyMask {
    static let attrib: UInt32 = 0x0000_0004
    static let closeWrite: UInt32 = 0x0000_0008
    static let movedFrom: UInt32 = 0x0000_0040
    static let movedTo: UInt32 = 0x0000_0080
    static let create: UInt32 = 0x0000_0100
    static let delete: UInt32 = 0x0000_0200
    static let deleteSelf: UInt32 = 0x0000_0400
    static let moveSelf: UInt32 = 0x0000_0800
    static let unmount: UInt32 = 0x0000_2000
    static let queueOverflow: UInt32 = 0x0000_4000
    static let ignored: UInt32 = 0x0000_8000
    static let onlyDirectory: UInt32 = 0x0100_0000
    static let isDirectory: UInt32 = 0x4000_0000

    /// What a watched directory reports. IN_MODIFY is left out on purpose: a
    /// slice being written would flood the queue with one event per write(2);
    /// the detector re-reads sizes of pending scans on every tick instead, and
    /// IN_CLOSE_WRITE tells when a writer is done with a file.
    static let watched: UInt32 = create | closeWrite | movedFrom | movedTo | delete | attrib
        | deleteSelf | moveSelf | onlyDirectory
}
