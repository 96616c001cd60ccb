import CTIFF
import Foundation

/// Turns libtiff's process-wide warning/error output off once; each handle
/// captures its own errors instead (see `cellqa_tiff_open`).
private let silenceLibTIFFOnce: Void = { cellqa_tiff_silence() }()

/// One open libtiff handle, closed when released. Not shared between tasks:
/// every `slice(_:)` call opens its own, which is what makes `TIFFVolume`
/// safe to read from several tasks at once.
final class TIFFHandle {
    let tif: OpaquePointer
    let path: String
    /// libtiff's first error message on this handle (see `cellqa_tiff_capture_error`).
    private let message: UnsafeMutablePointer<CChar>

    private init(tif: OpaquePointer, path: String, message: UnsafeMutablePointer<CChar>) {
        self.tif = tif
        self.path = path
        self.message = message
    }

    deinit {
        TIFFClose(tif)
        message.deallocate()
    }

    /// The first error libtiff reported on this handle, or a generic phrase.
    var lastError: String {
        let text = String(cString: message)
        return text.isEmpty ? "libtiff reported no detail" : text
    }

    /// Opens for reading after checking that the file exists and starts like a TIFF,
    /// so those two common failures get their own error cases.
    static func openForReading(_ path: String, maxAllocation: UInt64) throws(VolumeIOError) -> TIFFHandle {
        try checkTIFFMagic(path)
        // "m": no memory mapping. Read calls let the kernel read ahead along the
        // file; page faults on a mapping fetch a cold export in small pieces, and
        // reaching a header at the end of each file faulted in far more than it
        // (a cold open of the 4 GB phantom: 2.8 s mapped, 0.3 s with reads).
        return try open(path, mode: "rm", maxAllocation: maxAllocation) { detail in
            .corrupt(path: path, page: 0, detail: detail)
        }
    }

    /// Opens for writing (mode "w" plus byte-order and BigTIFF letters).
    static func openForWriting(_ path: String, mode: String) throws(VolumeIOError) -> TIFFHandle {
        try open(path, mode: mode, maxAllocation: 0) { detail in .writeFailed(path: path, detail: detail) }
    }

    private static func open(_ path: String, mode: String, maxAllocation: UInt64,
                             failure: (String) -> VolumeIOError) throws(VolumeIOError) -> TIFFHandle {
        _ = silenceLibTIFFOnce
        let capacity = Int(CELLQA_TIFF_MESSAGE_CAPACITY)
        let message = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        message.initialize(repeating: 0, count: capacity)
        // 0 = no limit in libtiff; clamp to what tmsize_t holds.
        let limit = Int64(clamping: maxAllocation)
        guard let tif = cellqa_tiff_open(path, mode, message, limit) else {
            let text = String(cString: message)
            message.deallocate()
            throw failure(text.isEmpty ? "libtiff could not open it" : text)
        }
        return TIFFHandle(tif: tif, path: path, message: message)
    }

    /// Throws `notFound`, `unreadable` or `notATIFF` unless the file starts with a
    /// classic ("II*\0", "MM\0*") or BigTIFF ("II+\0", "MM\0+") header.
    static func checkTIFFMagic(_ path: String) throws(VolumeIOError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .notATIFF(path: path, firstBytes: []) }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, detail: "permission denied or I/O error")
        }
        defer { try? file.close() }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try file.read(upToCount: 4) ?? Data())
        } catch {
            throw .unreadable(path: path, detail: "\(error)")
        }
        let valid: Set<[UInt8]> = [[0x49, 0x49, 42, 0], [0x4D, 0x4D, 0, 42], [0x49, 0x49, 43, 0], [0x4D, 0x4D, 0, 43]]
        guard valid.contains(bytes) else { throw .notATIFF(path: path, firstBytes: bytes) }
    }
}
