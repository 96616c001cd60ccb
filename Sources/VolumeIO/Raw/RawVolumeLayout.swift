import Imaging

/// The header formats cellqa reads raw volumes through.
public enum RawVolumeFormat: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `.nrrd` (data attached) or `.nhdr` (`data file:`), teem's NRRD.
    case nrrd
    /// `.mhd` + data file or `.mha` (`ElementDataFile = LOCAL`), ITK's MetaImage.
    case metaImage
    /// Nikon/X-Tek CT Pro: `.vol` + `.xtekVolume`.
    case nikonXTekVolume
    /// Waygate (GE) phoenix datos|x: `.vol` + `.pcr`.
    case waygatePCR
    /// Volume Graphics: `.vgi` + `.vol`/`.raw`.
    case volumeGraphicsVGI

    public var description: String {
        switch self {
        case .nrrd: "NRRD"
        case .metaImage: "MetaImage"
        case .nikonXTekVolume: "Nikon .xtekVolume"
        case .waygatePCR: "Waygate .pcr"
        case .volumeGraphicsVGI: "Volume Graphics .vgi"
        }
    }
}

/// Everything needed to read a headerless block of voxels, as a header declares
/// it: where the data is, its dimensions, voxel type, byte order, encoding and,
/// when the header says, the voxel size. Produced by the header parsers
/// (`NRRDHeader`, `MetaImageHeader`, …) and checked against the data file by
/// `RawVolume.open(layout:)`, never trusted blindly.
///
/// Voxels are stored x fastest, then y, then z (every format here), so slice `k`
/// is the `width × height` block at `dataOffset + k · sliceBytes`.
public struct RawVolumeLayout: Sendable, Hashable {
    /// How the voxel block is stored in `dataPath`.
    public enum Encoding: String, Sendable, Hashable, Codable {
        /// Voxels as they are: any slice is read at its offset.
        case raw
        /// One gzip or zlib stream (zlib detects which from its first bytes):
        /// readable only in order (see `RawVolume`).
        case deflate
    }

    /// Where the voxel block (or the compressed stream) starts in `dataPath`.
    public enum DataOffset: Sendable, Hashable {
        case bytes(UInt64)
        /// The block ends with the file (NRRD `byte skip: -1`, MetaImage `HeaderSize = -1`).
        case atEndOfFile
    }

    public var format: RawVolumeFormat
    /// The header file that was read.
    public var headerPath: String
    /// The file holding the voxels (the header itself when the data is attached).
    public var dataPath: String
    public var shape: VolumeShape
    public var elementType: RawElementType
    public var byteOrder: RawByteOrder
    public var dataOffset: DataOffset
    public var encoding: Encoding
    /// Decoded bytes to skip before the first voxel of a compressed stream
    /// (NRRD `byte skip` with `encoding: gzip` counts decompressed bytes).
    public var decodedSkip: UInt64
    /// In millimetres, when the header gives it.
    public var voxelSize: VoxelSize?
    /// What the header declares, in words, for size-mismatch messages:
    /// "728×728×1000 16-bit unsigned".
    public var declaration: String { "\(shape.width)×\(shape.height)×\(shape.depth) \(elementType)" }

    public init(format: RawVolumeFormat, headerPath: String, dataPath: String, shape: VolumeShape,
                elementType: RawElementType, byteOrder: RawByteOrder, dataOffset: DataOffset = .bytes(0),
                encoding: Encoding = .raw, decodedSkip: UInt64 = 0, voxelSize: VoxelSize? = nil) {
        self.format = format
        self.headerPath = headerPath
        self.dataPath = dataPath
        self.shape = shape
        self.elementType = elementType
        self.byteOrder = byteOrder
        self.dataOffset = dataOffset
        self.encoding = encoding
        self.decodedSkip = decodedSkip
        self.voxelSize = voxelSize
    }

    /// Bytes of one slice.
    public var sliceBytes: UInt64 { UInt64(shape.width) * UInt64(shape.height) * UInt64(elementType.byteCount) }
    /// Bytes of the whole voxel block (decoded).
    public var dataBytes: UInt64 { sliceBytes * UInt64(shape.depth) }
}
