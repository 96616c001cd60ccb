import Foundation
import Imaging

/// Writes TIFF files: single pages, multi-page volumes and folders of slices.
/// Every file is written atomically (temporary name, then rename).
///
/// Samples are stored exactly as given (no photometric conversion), so
/// `TIFFVolume.rawSlice` returns them bit for bit.
public enum TIFFWriter {
    /// One single-page file.
    public static func write(_ slice: RawSlice, to path: String,
                             options: TIFFWriteOptions = TIFFWriteOptions()) throws(VolumeIOError) {
        try writeMultiPage([slice], to: path, options: options)
    }

    /// One multi-page file from slices in memory (for large volumes use `TIFFStreamWriter`).
    public static func writeMultiPage(_ slices: [RawSlice], to path: String,
                                      options: TIFFWriteOptions = TIFFWriteOptions()) throws(VolumeIOError) {
        guard !slices.isEmpty else { throw .invalidImage(detail: "no slices to write") }
        // A single page carries no page tags, like any ordinary image file.
        if slices.count == 1 {
            try AtomicFile.write(path) { (temporary: String) throws(VolumeIOError) in
                let mode = "w" + options.byteOrder.modeLetter + (options.bigTIFF == true ? "8" : "")
                let handle = try TIFFHandle.openForWriting(temporary, mode: mode)
                try TIFFPageEncoder.write(slices[0], to: handle, options: options, page: nil, pageCount: nil)
            }
            return
        }
        let writer = TIFFStreamWriter(path: path, options: options, expectedPageCount: slices.count)
        for slice in slices { try writer.append(slice) }
        try writer.finish()
    }

    /// A folder of single-page slices `<prefix>001.tif` … (at least 3 digits, more
    /// when needed so names sort plainly too), numbered from `firstNumber`.
    /// Creates the folder if needed. Returns the paths written, in order.
    @discardableResult
    public static func writeFolder(_ slices: [RawSlice], to folder: String, prefix: String = "im",
                                   firstNumber: Int = 1,
                                   options: TIFFWriteOptions = TIFFWriteOptions()) throws(VolumeIOError) -> [String] {
        guard !slices.isEmpty else { throw .invalidImage(detail: "no slices to write") }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, detail: "cannot create the folder: \(error.localizedDescription)")
        }
        let digits = max(3, String(firstNumber + slices.count - 1).count)
        var paths: [String] = []
        for (offset, slice) in slices.enumerated() {
            let number = String(firstNumber + offset)
            let name = prefix + String(repeating: "0", count: max(0, digits - number.count)) + number + ".tif"
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            try write(slice, to: path, options: options)
            paths.append(path)
        }
        return paths
    }
}
