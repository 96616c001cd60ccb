import Foundation
import Imaging

/// One scan to inspect: a folder of TIFF slices or one multi-page TIFF, with the
/// metadata found beside it.
public struct Scan: Sendable, Codable, Equatable {
    /// Stable identifier used for folders, database rows and the journal,
    /// unique per path in the export folder (`ScanID`): `[A-Za-z0-9._-]` only.
    public var id: String
    /// Absolute path of the folder or file.
    public var path: String
    public var metadata: ScanMetadata

    public init(id: String, path: String, metadata: ScanMetadata) {
        self.id = id
        self.path = path
        self.metadata = metadata
    }

    /// The id of the scan at `path` in the export folder `exportRoot`: see `ScanID`.
    public static func id(forPath path: String, exportRoot: String? = nil) -> String {
        ScanID.make(path: path, exportRoot: exportRoot)
    }

    enum CodingKeys: String, CodingKey { case id, path, metadata }
}

/// Where a metadata value came from, recorded so a reviewer can tell a scanner's
/// own figure from a fallback.
public enum MetadataSource: String, Sendable, Codable, Equatable {
    case nikonXtekct = "xtekct"
    case waygatePCR = "pcr"
    /// The header of a raw volume: NRRD `spacings`/`space directions`.
    case nrrdHeader = "nrrd"
    /// MetaImage `ElementSpacing`.
    case metaImageHeader = "mhd"
    /// Nikon `.xtekVolume` `VoxelSizeX/Y/Z` (the header beside a `.vol`).
    case xtekVolume = "xtekvolume"
    /// Volume Graphics `.vgi` `[geometry] resolution`.
    case volumeGraphicsVGI = "vgi"
    case jsonSidecar = "json"
    case folderName = "folder-name"
    case tiffTags = "tiff-tags"
    case configuration = "configuration"
    case commandLine = "command-line"
    case defaultValue = "default"
    /// Nobody said: the value is a placeholder.
    case unknown
}

/// Scanner-independent metadata of a scan, each value with its source.
public struct ScanMetadata: Sendable, Codable, Equatable {
    public var voxelSize: VoxelSize?
    public var voxelSizeSource: MetadataSource?
    public var cellFormat: String?
    public var cellFormatSource: MetadataSource?
    public var serial: String?
    public var serialSource: MetadataSource?
    /// As written by the scanner or sidecar (ISO 8601 when it can be parsed).
    public var scanDate: String?
    public var scanDateSource: MetadataSource?
    /// The sidecar files that were read, for the record.
    public var sidecars: [String]
    /// What the volume holds, once opened: slices and their size, and the
    /// stored sample format (e.g. "8-bit unsigned"), for the record.
    public var volumeShape: VolumeShape?
    public var sampleFormat: String?

    public init(voxelSize: VoxelSize? = nil, voxelSizeSource: MetadataSource? = nil,
                cellFormat: String? = nil, cellFormatSource: MetadataSource? = nil,
                serial: String? = nil, serialSource: MetadataSource? = nil,
                scanDate: String? = nil, scanDateSource: MetadataSource? = nil,
                sidecars: [String] = []) {
        self.voxelSize = voxelSize
        self.voxelSizeSource = voxelSizeSource
        self.cellFormat = cellFormat
        self.cellFormatSource = cellFormatSource
        self.serial = serial
        self.serialSource = serialSource
        self.scanDate = scanDate
        self.scanDateSource = scanDateSource
        self.sidecars = sidecars
    }

    /// Fills every value still missing from `fallback` (earlier sources win).
    public func filling(from fallback: ScanMetadata) -> ScanMetadata {
        var merged = self
        if merged.voxelSize == nil { merged.voxelSize = fallback.voxelSize; merged.voxelSizeSource = fallback.voxelSizeSource }
        if merged.cellFormat == nil { merged.cellFormat = fallback.cellFormat; merged.cellFormatSource = fallback.cellFormatSource }
        if merged.serial == nil { merged.serial = fallback.serial; merged.serialSource = fallback.serialSource }
        if merged.scanDate == nil { merged.scanDate = fallback.scanDate; merged.scanDateSource = fallback.scanDateSource }
        merged.sidecars += fallback.sidecars.filter { !merged.sidecars.contains($0) }
        return merged
    }

    enum CodingKeys: String, CodingKey {
        case voxelSize = "voxel_size_mm", voxelSizeSource = "voxel_size_source"
        case cellFormat = "cell_format", cellFormatSource = "cell_format_source"
        case serial, serialSource = "serial_source"
        case scanDate = "scan_date", scanDateSource = "scan_date_source"
        case sidecars
        case volumeShape = "volume_shape", sampleFormat = "sample_format"
    }
}
