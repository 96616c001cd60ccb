import CTIFF
import Foundation
import Imaging

/// Writes a multi-page TIFF one slice at a time, so a volume of any size (the
/// 4 GB production phantom) is written without ever being held in memory.
///
/// Pages go to a hidden temporary file beside `path`; `finish()` closes it and
/// renames it into place, so a watcher never sees a half-written volume. A writer
/// released without `finish()` (an error, a cancelled task) removes the
/// temporary file. All pages must share size and sample format.
///
/// Not thread-safe: one task appends. Produce slices in parallel if you like,
/// then append them in order.
public final class TIFFStreamWriter {
    public let path: String
    public let options: TIFFWriteOptions
    /// Pages appended so far.
    public private(set) var pageCount = 0
    private let expectedPageCount: Int?
    private let temporaryPath: String
    private var handle: TIFFHandle?
    private var firstPage: (width: Int, height: Int, format: TIFFSampleFormat)?

    /// - Parameter expectedPageCount: written into each page's PageNumber tag and
    ///   used to choose BigTIFF automatically (see `TIFFWriteOptions.bigTIFF`);
    ///   without it and without `bigTIFF: true`, the file is classic TIFF (≤ 4 GiB).
    public init(path: String, options: TIFFWriteOptions = TIFFWriteOptions(),
                expectedPageCount: Int? = nil) {
        self.path = path
        self.options = options
        self.expectedPageCount = expectedPageCount
        self.temporaryPath = AtomicFile.temporaryPath(for: path)
    }

    deinit {
        if handle != nil {
            handle = nil
            unlink(temporaryPath)
        }
    }

    /// Appends one page.
    public func append(_ slice: RawSlice) throws(VolumeIOError) {
        if let first = firstPage {
            guard first.width == slice.width, first.height == slice.height, first.format == slice.sampleFormat else {
                throw .invalidImage(detail: "page \(pageCount) is \(slice.width)×\(slice.height) \(slice.sampleFormat), "
                    + "the first page \(first.width)×\(first.height) \(first.format)")
            }
        }
        let handle = try openIfNeeded(for: slice)
        do {
            try TIFFPageEncoder.write(slice, to: handle, options: options, page: pageCount, pageCount: expectedPageCount)
        } catch {
            cancel()
            throw error
        }
        firstPage = firstPage ?? (slice.width, slice.height, slice.sampleFormat)
        pageCount += 1
    }

    /// Appends grey values quantised to `format` (see `RawSlice.init(_:as:)`).
    public func append(_ image: GrayImage, as format: TIFFSampleFormat) throws(VolumeIOError) {
        try append(RawSlice(image, as: format))
    }

    /// Closes the file and moves it into place. At least one page is required.
    public func finish() throws(VolumeIOError) {
        guard handle != nil, pageCount > 0 else {
            cancel()
            throw .invalidImage(detail: "no pages were appended to \(path)")
        }
        handle = nil  // TIFFClose flushes
        try AtomicFile.commit(temporaryPath, to: path)
    }

    /// Abandons the file: the temporary is removed and `path` left untouched.
    public func cancel() {
        handle = nil
        unlink(temporaryPath)
    }

    private func openIfNeeded(for slice: RawSlice) throws(VolumeIOError) -> TIFFHandle {
        if let handle { return handle }
        guard pageCount == 0 else { throw .writeFailed(path: path, detail: "writer was cancelled or finished") }
        let sliceBytes = UInt64(slice.sampleFormat.bytesPerRow(width: slice.width) * slice.height)
        let expectedBytes = sliceBytes * UInt64(expectedPageCount ?? 1)
        let big = options.bigTIFF ?? (expectedBytes > 3_758_096_384)  // 3.5 GiB
        let mode = "w" + options.byteOrder.modeLetter + (big ? "8" : "")
        let opened = try TIFFHandle.openForWriting(temporaryPath, mode: mode)
        handle = opened
        return opened
    }
}
