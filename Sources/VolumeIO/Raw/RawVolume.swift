import Foundation
import Imaging

/// A CT volume stored as one headerless block of voxels (NRRD, MetaImage, the
/// vendors' `.vol`), read one slice at a time at its byte offset.
///
/// `open` reads the header (`RawVolumeHeaders`), then checks it against the data
/// file before anything is analysed: the file must hold exactly `offset +
/// X·Y·Z·bytes` bytes. A shorter file is `truncated`, a longer one
/// `dataSizeMismatch`: both mean a header that does not describe this data (wrong
/// type, wrong dimensions, another export), which a reader that guessed would
/// turn into plausible-looking nonsense. What a size check cannot see is a wrong
/// byte order: a header that says little-endian for big-endian data reads
/// swapped values. The header is the authority there.
///
/// ## Values
/// `slice(_:)` returns the voxels as stored, converted to `Float` (see
/// `RawElementType` for exactness), like `TIFFVolume`.
///
/// ## Memory and concurrency
/// Uncompressed data: each `slice(_:)` call opens the file and `pread`s exactly one
/// slice, so any number of tasks read in parallel and memory is one slice per
/// reader. Compressed data is one stream read in order (`InflateCursor`): reads
/// are serialised, and an earlier slice costs up to 16 slices of decompression.
public struct RawVolume: SliceSource {
    /// Where a volume's voxel size came from.
    public enum VoxelSizeOrigin: String, Sendable, Hashable, Codable {
        /// Given to `open` by the caller.
        case argument
        /// From the header.
        case header
        /// Neither: `voxelSize` is 1 mm, i.e. lengths come out in pixels.
        case unknown
    }

    public let layout: RawVolumeLayout
    public let shape: VolumeShape
    public let voxelSize: VoxelSize
    public let voxelSizeOrigin: VoxelSizeOrigin
    /// Byte offset of the first voxel (uncompressed) or of the stream (compressed).
    public let dataOffset: UInt64
    private let cursor: InflateCursor?

    /// True when `open` takes `path`: a header of a supported format, or a
    /// `.vol`/`.raw` block (whose header is looked for beside it).
    public static func canOpen(_ path: String) -> Bool { RawVolumeHeaders.isRawVolumePath(path) }

    /// Reads the header at `path` (or beside a `.vol`/`.raw`) and checks it against the data.
    /// - Parameter voxelSize: when given, used as is; otherwise the header's, else 1 mm.
    public static func open(_ path: String, voxelSize: VoxelSize? = nil,
                            limits: TIFFVolume.Limits = .default) throws(VolumeIOError) -> RawVolume {
        try RawVolume(layout: try RawVolumeHeaders.layout(for: path), voxelSize: voxelSize, limits: limits)
    }

    /// A volume from a layout made by hand or by a header parser, checked against its data file.
    public init(layout: RawVolumeLayout, voxelSize: VoxelSize? = nil,
                limits: TIFFVolume.Limits = .default) throws(VolumeIOError) {
        let shape = layout.shape
        guard shape.width > 0, shape.height > 0, shape.depth > 0 else {
            throw .malformedHeader(path: layout.headerPath, field: "dimensions",
                                   detail: "declares \(shape.width)×\(shape.height)×\(shape.depth) voxels; every size must be at least 1")
        }
        guard layout.sliceBytes <= limits.maxSliceBytes else {
            throw .sliceTooLarge(path: layout.headerPath, page: 0, width: shape.width, height: shape.height,
                                 bytes: layout.sliceBytes, limit: limits.maxSliceBytes)
        }
        let fileSize = try FileRange.size(of: layout.dataPath)
        switch layout.encoding {
        case .raw:
            dataOffset = try Self.checkSize(layout, fileSize: fileSize)
            cursor = nil
        case .deflate:
            guard case .bytes(let start) = layout.dataOffset else {
                throw .malformedHeader(path: layout.headerPath, field: "byte skip",
                                       detail: "is -1 (data at the end of the file), which a compressed stream cannot use")
            }
            guard start < fileSize else {
                throw .truncated(path: layout.dataPath, page: 0, expectedBytes: start + 1, actualBytes: fileSize)
            }
            dataOffset = start
            cursor = try InflateCursor(layout: layout, streamStart: start)
        }
        self.layout = layout
        self.shape = shape
        if let voxelSize {
            self.voxelSize = voxelSize
            voxelSizeOrigin = .argument
        } else if let declared = layout.voxelSize {
            self.voxelSize = declared
            voxelSizeOrigin = .header
        } else {
            self.voxelSize = VoxelSize(isotropic: 1)
            voxelSizeOrigin = .unknown
        }
    }

    /// The offset of the first voxel, after checking that the file holds exactly the declared block.
    private static func checkSize(_ layout: RawVolumeLayout, fileSize: UInt64) throws(VolumeIOError) -> UInt64 {
        let needed = layout.dataBytes
        let offset: UInt64
        switch layout.dataOffset {
        case .bytes(let skip): offset = skip
        case .atEndOfFile:
            guard fileSize >= needed else {
                throw .truncated(path: layout.dataPath, page: Int(fileSize / max(1, layout.sliceBytes)),
                                 expectedBytes: needed, actualBytes: fileSize)
            }
            return fileSize - needed
        }
        let expected = offset + needed
        if fileSize < expected {
            let available = fileSize > offset ? fileSize - offset : 0
            throw .truncated(path: layout.dataPath, page: Int(available / max(1, layout.sliceBytes)),
                             expectedBytes: expected, actualBytes: fileSize)
        }
        if fileSize > expected {
            let skip = offset > 0 ? " after a \(offset)-byte skip" : ""
            throw .dataSizeMismatch(path: layout.dataPath, expectedBytes: expected, actualBytes: fileSize,
                                    declared: layout.declaration + skip)
        }
        return offset
    }

    // MARK: Reading slices

    /// Slice `index` as stored values in `Float`.
    public func slice(_ index: Int) throws -> GrayImage { try read(index) }

    /// `slice(_:)` with its error typed.
    public func read(_ index: Int) throws(VolumeIOError) -> GrayImage {
        guard (0..<shape.depth).contains(index) else {
            throw .sliceIndexOutOfRange(index: index, depth: shape.depth)
        }
        if let cursor { return try cursor.slice(index) }
        let fd = try FileRange.openForReading(layout.dataPath)
        defer { close(fd) }
        let byteCount = Int(layout.sliceBytes)
        let offset = dataOffset + UInt64(index) * layout.sliceBytes
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 16)
        defer { buffer.deallocate() }
        let got = try FileRange.read(fd, into: buffer, count: byteCount, at: offset, path: layout.dataPath)
        guard got == byteCount else {
            // The file shrank since `open` checked it.
            throw .truncated(path: layout.dataPath, page: index, expectedBytes: offset + UInt64(byteCount),
                             actualBytes: offset + UInt64(got))
        }
        let count = shape.width * shape.height
        let pixels = [Float](unsafeUninitializedCapacity: count) { output, initialized in
            RawSampleDecoder.decode(buffer, count: count, as: layout.elementType, byteOrder: layout.byteOrder,
                                    into: output.baseAddress!)
            initialized = count
        }
        return GrayImage(width: shape.width, height: shape.height, pixels: pixels)
    }

    // MARK: Read-ahead

    /// Starts loading the byte ranges of `indices` into the page cache, on one
    /// plain thread (`posix_fadvise(WILLNEED)`). Compressed volumes are read in
    /// order anyway; the whole stream is advised once.
    public func willRead(_ indices: [Int]) {
        let path = layout.dataPath
        let ranges: [(offset: UInt64, length: UInt64)]
        if cursor != nil {
            ranges = [(dataOffset, (try? FileRange.size(of: path)).map { $0 - dataOffset } ?? 0)]
        } else {
            ranges = indices.filter { (0..<shape.depth).contains($0) }
                .map { (dataOffset + UInt64($0) * layout.sliceBytes, layout.sliceBytes) }
        }
        guard !ranges.isEmpty else { return }
        Thread { FileRange.willNeed(path, ranges: ranges) }.start()
    }
}
