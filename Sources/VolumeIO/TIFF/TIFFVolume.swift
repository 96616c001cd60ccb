import CTIFF
import Foundation
import Imaging

/// A CT volume stored as TIFF, read lazily one slice at a time.
///
/// `open` accepts a folder of single-page slices (`im001.tif` …, see `SliceFolder`
/// for naming rules) or one multi-page TIFF (a single-page file is a volume of
/// depth 1). It reads and validates every page's header (size, bit depth, sample
/// format, codec, that the pixel data lies inside the file) without decoding any
/// pixels, so problems with an incomplete export surface before analysis starts.
///
/// ## Values and polarity
/// `slice(_:)` returns the samples **as stored**, converted to `Float` (exact for
/// every supported format), and never applies the photometric interpretation.
/// This is what tifffile, the reader of the reference notebooks, does, so
/// thresholds such as `im > 100` mean the same here. It matters for 1-bit masks:
/// `ellipse_dent.tif` is `WhiteIsZero` with the can wall stored as bit 1; cellqa
/// reads the wall as 1.0 like the reference, and an analysis that needs polarity
/// asks `photometric` / `displayInverted` or decides from the image itself.
/// The same holds for 8/16-bit `WhiteIsZero` (values as stored; to display, map
/// `v` to `max - v`, see `displaySlice(_:)`).
///
/// ## Concurrency
/// A value type holding paths and validated headers only. Each `slice(_:)` call
/// opens its own libtiff handle (jumping straight to the page's directory by its
/// offset), so any number of tasks may read slices in parallel.
public struct TIFFVolume: SliceSource {
    /// Where a volume's voxel size came from.
    public enum VoxelSizeOrigin: String, Sendable, Hashable, Codable {
        /// Given to `open` by the caller (configuration, scanner sidecar file).
        case argument
        /// From a scanner sidecar file (`XTekCTSidecar`), named in `voxelSizeSource`.
        case scannerSidecar
        /// From the first page's resolution tags or ImageJ description.
        case fileMetadata
        /// Neither: `voxelSize` is 1 mm, i.e. lengths come out in pixels.
        case unknown
    }

    /// Bounds checked at `open`, before any allocation a header asks for.
    public struct Limits: Sendable, Hashable {
        /// Largest decoded slice accepted, in bytes. Default 1 GiB: a 16-bit
        /// 20 000 × 20 000 slice still fits; a corrupt 100 000 × 100 000 header does not.
        public var maxSliceBytes: UInt64
        public init(maxSliceBytes: UInt64 = 1 << 30) { self.maxSliceBytes = maxSliceBytes }
        public static let `default` = Limits()
    }

    /// The folder or file given to `open`.
    public let path: String
    public let shape: VolumeShape
    public let voxelSize: VoxelSize
    public let voxelSizeOrigin: VoxelSizeOrigin
    /// The sidecar file the voxel size came from, when `voxelSizeOrigin == .scannerSidecar`.
    public let voxelSizeSource: String?
    /// Shared by all slices (checked at open).
    public let sampleFormat: TIFFSampleFormat
    /// Shared by all slices (checked at open). Not applied by `slice(_:)`.
    public let photometric: TIFFPhotometric
    /// Of the first slice; may differ between the files of a folder.
    public let byteOrder: TIFFByteOrder
    /// Of the first slice; may differ between the files of a folder.
    public let compression: TIFFCompression
    /// Every page's validated header, in slice order.
    public let pages: [TIFFPageInfo]
    let limits: Limits

    /// True for `WhiteIsZero`: stored values must be inverted to look right on screen.
    public var displayInverted: Bool { photometric == .whiteIsZero }

    /// Opens a folder of slices or a (multi-page) TIFF file, validating every header.
    /// - Parameter voxelSize: when given, used as is. Otherwise, in this order: a
    ///   scanner sidecar (`XTekCTSidecar.find(for:)`), the first page's resolution
    ///   tags, else 1 mm (lengths in pixels); `voxelSizeOrigin` says which.
    public static func open(_ path: String, voxelSize: VoxelSize? = nil,
                            limits: Limits = .default) throws(VolumeIOError) -> TIFFVolume {
        try open(path, voxelSize: voxelSize, limits: limits, boundary: nil)
    }

    /// `open`, with the folder the scan's files (and links) must stay in
    /// (`ScanFile`: the export folder); nil: the folder holding `path`.
    public static func open(_ path: String, voxelSize: VoxelSize? = nil,
                            limits: Limits = .default, boundary: String?) throws(VolumeIOError) -> TIFFVolume {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        let inside = boundary ?? ScanFile.boundary(of: path, exportRoot: nil)
        let pages: [TIFFPageInfo]
        if isDirectory.boolValue {
            pages = try readFirstPages(of: try SliceFolder(path: path, boundary: inside).files, limits: limits)
        } else {
            try ScanFile.check(path, boundary: inside)
            pages = try readPages(of: path, limits: limits, firstOnly: false)
        }
        return try TIFFVolume(path: path, pages: pages, voxelSize: voxelSize, limits: limits, boundary: inside)
    }

    private init(path: String, pages: [TIFFPageInfo], voxelSize: VoxelSize?,
                 limits: Limits, boundary: String) throws(VolumeIOError) {
        let reference = Self.majority(pages)
        for (index, page) in pages.enumerated() where page.volumeSignature != reference.volumeSignature {
            let name = page.path == path ? "page \(page.page)" : (page.path as NSString).lastPathComponent
            throw .inconsistentSlice(path: path, index: index, found: "\(page.volumeSignature) (\(name))",
                                     expected: reference.volumeSignature)
        }
        let first = pages[0]
        self.path = path
        self.pages = pages
        self.limits = limits
        shape = VolumeShape(width: first.width, height: first.height, depth: pages.count)
        sampleFormat = first.sampleFormat
        photometric = first.photometric
        byteOrder = first.byteOrder
        compression = first.compression
        let sidecar = voxelSize == nil ? XTekCTSidecar.find(for: path, boundary: boundary) : nil
        voxelSizeSource = sidecar?.path
        if let voxelSize {
            self.voxelSize = voxelSize
            voxelSizeOrigin = .argument
        } else if let sidecar {
            self.voxelSize = sidecar.voxelSize
            voxelSizeOrigin = .scannerSidecar
        } else if let declared = first.declaredVoxelSize {
            self.voxelSize = declared
            voxelSizeOrigin = .fileMetadata
        } else {
            self.voxelSize = VoxelSize(isotropic: 1)
            voxelSizeOrigin = .unknown
        }
    }

    /// The most common size/format, so the odd slice out is the one reported.
    private static func majority(_ pages: [TIFFPageInfo]) -> TIFFPageInfo {
        var counts: [String: Int] = [:]
        for page in pages { counts[page.volumeSignature, default: 0] += 1 }
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!.key
        return pages.first { $0.volumeSignature == best }!
    }

    /// The first page of every file, validated in parallel (a 2000-slice folder
    /// is mostly waiting on file opens); the first failure in slice order is thrown.
    private static func readFirstPages(of files: [String], limits: Limits) throws(VolumeIOError) -> [TIFFPageInfo] {
        let results = UnsafeMutableBufferPointer<Result<TIFFPageInfo, VolumeIOError>?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        // Each iteration writes only its own element.
        nonisolated(unsafe) let output = results
        // A header read waits on the disk far more than it computes when the export
        // is not in the page cache (a cold 4 GB volume: 3 s on two threads), so it
        // runs on more threads than cores, as an I/O queue depth.
        performBlockingIO(iterations: files.count, threads: 16) { index in
            do throws(VolumeIOError) {
                output[index] = .success(try readPages(of: files[index], limits: limits, firstOnly: true)[0])
            } catch {
                output[index] = .failure(error)
            }
        }
        var pages: [TIFFPageInfo] = []
        pages.reserveCapacity(files.count)
        for result in results { pages.append(try result!.get()) }
        return pages
    }

    /// `body(0..<iterations)` on `threads` plain threads (not the cooperative pool,
    /// which must not block on I/O), each taking the next index; returns when all are done.
    static func performBlockingIO(iterations: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let next = NextIndex()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(threads, iterations)) {
            group.enter()
            Thread {
                while let i = next.take(below: iterations) { body(i) }
                group.leave()
            }.start()
        }
        group.wait()
    }

    /// A shared counter handing out 0, 1, 2, … to the I/O threads.
    private final class NextIndex: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }

    /// Validated headers of a file's full-resolution pages (reduced-resolution
    /// previews, `NewSubfileType` bit 0, are skipped).
    static func readPages(of file: String, limits: Limits, firstOnly: Bool) throws(VolumeIOError) -> [TIFFPageInfo] {
        let handle = try TIFFHandle.openForReading(file, maxAllocation: limits.maxSliceBytes + (1 << 20))
        let fileSize = UInt64(TIFFFileSize(file))
        var pages: [TIFFPageInfo] = []
        var visited: Set<UInt64> = []
        repeat {
            // A directory chain that loops back is corrupt, not an endless volume.
            guard visited.insert(TIFFCurrentDirOffset(handle.tif)).inserted else {
                throw .corrupt(path: file, page: pages.count, detail: "directory chain loops")
            }
            var subfileType: UInt32 = 0
            _ = cellqa_tiff_get_u32(handle.tif, UInt32(TIFFTAG_SUBFILETYPE), &subfileType)
            if subfileType & UInt32(FILETYPE_REDUCEDIMAGE) == 0 {
                pages.append(try TIFFPageInfo.read(handle, page: pages.count, fileSize: fileSize,
                                                   maxSliceBytes: limits.maxSliceBytes))
                if firstOnly { break }
            }
        } while try nextDirectory(handle, after: pages.count, of: file)
        guard !pages.isEmpty else {
            throw .corrupt(path: file, page: 0, detail: "no full-resolution image in the file")
        }
        if !firstOnly, let declared = imageJImageCount(handle, firstPage: pages[0]), declared > pages.count {
            // ImageJ saves stacks over 4 GiB as one directory followed by all images
            // back to back; libtiff sees one page. Refuse rather than read 1 of N slices.
            throw .unsupportedFormat(path: file, page: 0, detail:
                "an ImageJ stack of \(declared) images stored with \(pages.count) TIFF director\(pages.count == 1 ? "y" : "ies") "
                + "(ImageJ's format for stacks over 4 GiB); re-save it as BigTIFF or as a folder of slices")
        }
        return pages
    }

    /// Moves `handle` to the next directory; false after the last one (its link to a
    /// next directory is 0). A link to a directory that cannot be read means the file was
    /// cut short (a copy interrupted, an export still being written) or damaged: judged as
    /// it stands it would pass as a shorter scan, so it is an error, not the end.
    static func nextDirectory(_ handle: TIFFHandle, after pages: Int, of file: String) throws(VolumeIOError) -> Bool {
        guard TIFFLastDirectory(handle.tif) == 0 else { return false }
        guard TIFFReadDirectory(handle.tif) == 1 else {
            throw .corrupt(path: file, page: pages, detail:
                "the directory chain goes on after \(pages) page\(pages == 1 ? "" : "s") but the next directory cannot be read: "
                + "the file is cut short or damaged; wait for the export to finish, or export the scan again")
        }
        return true
    }

    /// ImageJ's `images=N` from the first page's description, if any.
    private static func imageJImageCount(_ handle: TIFFHandle, firstPage: TIFFPageInfo) -> Int? {
        guard TIFFSetSubDirectory(handle.tif, firstPage.directoryOffset) == 1 else { return nil }
        var description: UnsafePointer<CChar>? = nil
        guard cellqa_tiff_get_string(handle.tif, UInt32(TIFFTAG_IMAGEDESCRIPTION), &description) == 1,
              let description else { return nil }
        return ImageJDescription(String(cString: description))?.images
    }

    // MARK: Reading slices

    /// Slice `index` as stored values in `Float` (see the type's notes on polarity).
    public func slice(_ index: Int) throws -> GrayImage {
        try decode(index) { (info: TIFFPageInfo) -> SliceDecoder<Float> in
            switch info.sampleFormat {
            case .uint1: { SampleConversion.unpackBits($0, $1, $2, zero: 0, one: 1) }
            case .uint8: SampleConversion.uint8ToFloat
            case .uint16: SampleConversion.uint16ToFloat
            case .float32: SampleConversion.copy
            }
        }
    }

    /// Slice `index` in its stored type, values as stored.
    public func rawSlice(_ index: Int) throws(VolumeIOError) -> RawSlice {
        let info = try page(index)
        let handle = try TIFFHandle.openForReading(info.path, maxAllocation: limits.maxSliceBytes + (1 << 20))
        switch info.sampleFormat {
        case .uint1:
            return .bit(try TIFFPixelDecoder.decode(handle, info) { SampleConversion.unpackBits($0, $1, $2, zero: false, one: true) })
        case .uint8:
            return .uint8(try TIFFPixelDecoder.decode(handle, info, convert: SampleConversion.copy))
        case .uint16:
            return .uint16(try TIFFPixelDecoder.decode(handle, info, convert: SampleConversion.copy))
        case .float32:
            return .float32(try TIFFPixelDecoder.decode(handle, info, convert: SampleConversion.copy))
        }
    }

    /// Slice `index` as it should look: `WhiteIsZero` values inverted
    /// (`max - v` for integers, `-v` for float). For pictures, not for measuring.
    public func displaySlice(_ index: Int) throws -> GrayImage {
        let stored = try slice(index)
        guard displayInverted else { return stored }
        let top = Float(sampleFormat.integerMaximum ?? 0)
        return stored.map { top - $0 }
    }

    // MARK: Read-ahead

    /// Starts loading the files of `indices` into the page cache, in that order, on
    /// one plain thread (`PageCache.willNeed` submits the reads and returns), so
    /// a scan just exported and not yet cached is read from the disk while the
    /// analyses compute on the slices before. Only slices stored one per file:
    /// the byte range of a page inside a multi-page file is not recorded.
    public func willRead(_ indices: [Int]) {
        var seen = Set<String>()
        let files = indices.compactMap { pages.indices.contains($0) ? pages[$0].path : nil }
            .filter { $0 != path && seen.insert($0).inserted }
        guard !files.isEmpty else { return }
        Thread { for file in files { PageCache.willNeed(file) } }.start()
    }

    private typealias SliceDecoder<T> = TIFFPixelDecoder.RowConverter<T>

    private func decode<T>(_ index: Int,
                           converter: (TIFFPageInfo) -> SliceDecoder<T>) throws(VolumeIOError) -> Image<T> {
        let info = try page(index)
        let handle = try TIFFHandle.openForReading(info.path, maxAllocation: limits.maxSliceBytes + (1 << 20))
        return try TIFFPixelDecoder.decode(handle, info, convert: converter(info))
    }

    private func page(_ index: Int) throws(VolumeIOError) -> TIFFPageInfo {
        guard pages.indices.contains(index) else { throw .sliceIndexOutOfRange(index: index, depth: pages.count) }
        return pages[index]
    }

    /// Size of a file in bytes, 0 if it cannot be determined (the header
    /// checks then report the truncation).
    private static func TIFFFileSize(_ file: String) -> Int64 {
        var info = stat()
        return stat(file, &info) == 0 ? Int64(info.st_size) : 0
    }
}
