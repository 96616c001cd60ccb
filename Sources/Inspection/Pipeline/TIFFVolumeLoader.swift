import Imaging
import VolumeIO

/// The production `VolumeLoader`. A path ending in a raw-volume extension
/// (`.nrrd`, `.nhdr`, `.mhd`, `.mha`, `.vgi`, `.xtekVolume`, `.pcr`, or a
/// `.vol`/`.raw` with one of those headers beside it) opens as `RawVolume`;
/// anything else as `TIFFVolume`, a folder of slices or one multi-page TIFF,
/// read lazily. Voxel size: the scan's metadata when it has an authoritative one
/// (sidecar), else the file's own (raw-volume header, TIFF resolution tags), else
/// the configured default pixel size, else unknown (the inspection is then ERROR).
public struct TIFFVolumeLoader: VolumeLoader {
    /// `analysis.pixel_size_mm` of the configuration, if set.
    public var defaultPixelSizeMM: Double?
    /// The export folder: no slice is read through a link leading out of it (`ScanFile`).
    public var exportRoot: String?

    public init(defaultVoxelSize defaultPixelSizeMM: Double?, exportRoot: String? = nil) {
        self.defaultPixelSizeMM = defaultPixelSizeMM
        self.exportRoot = exportRoot
    }

    public func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
        if RawVolume.canOpen(scan.path) { return try openRaw(scan, voxelSize: voxelSize) }
        var opened = try openTIFF(scan, voxelSize: voxelSize)
        opened.sampleFormat = (opened.volume as? TIFFVolume)?.sampleFormat.description
        return opened
    }

    func openRaw(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
        // The header and the data file it names obey the slices' rule: regular files, or
        // links that stay inside the export folder (`ScanFile`).
        let boundary = ScanFile.boundary(of: scan.path, exportRoot: exportRoot)
        try ScanFile.check(scan.path, boundary: boundary)
        let volume = try RawVolume.open(scan.path, voxelSize: voxelSize)
        try ScanFile.check(volume.layout.dataPath, boundary: boundary)
        let format = volume.layout.elementType.description
        switch volume.voxelSizeOrigin {
        case .argument:
            return OpenedVolume(volume: volume, voxelSizeSource: scan.metadata.voxelSizeSource ?? .commandLine,
                                sampleFormat: format)
        case .header:
            return OpenedVolume(volume: volume, voxelSizeSource: Self.source(of: volume.layout.format), sampleFormat: format)
        case .unknown:
            guard let mm = defaultPixelSizeMM else {
                return OpenedVolume(volume: volume, voxelSizeSource: .unknown, sampleFormat: format)
            }
            return OpenedVolume(volume: try RawVolume(layout: volume.layout, voxelSize: VoxelSize(isotropic: mm)),
                                voxelSizeSource: .configuration, sampleFormat: format)
        }
    }

    /// The metadata source a raw-volume header's voxel size is recorded under.
    static func source(of format: RawVolumeFormat) -> MetadataSource {
        switch format {
        case .nrrd: .nrrdHeader
        case .metaImage: .metaImageHeader
        case .nikonXTekVolume: .xtekVolume
        case .waygatePCR: .waygatePCR
        case .volumeGraphicsVGI: .volumeGraphicsVGI
        }
    }

    func openTIFF(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
        let boundary = ScanFile.boundary(of: scan.path, exportRoot: exportRoot)
        if let voxelSize {
            return OpenedVolume(volume: try TIFFVolume.open(scan.path, voxelSize: voxelSize, boundary: boundary),
                                voxelSizeSource: scan.metadata.voxelSizeSource ?? .commandLine)
        }
        let volume = try TIFFVolume.open(scan.path, boundary: boundary)
        switch volume.voxelSizeOrigin {
        case .fileMetadata:
            return OpenedVolume(volume: volume, voxelSizeSource: .tiffTags)
        case .scannerSidecar:
            // VolumeIO found a Nikon .xtekct the metadata reader did not use.
            return OpenedVolume(volume: volume, voxelSizeSource: .nikonXtekct)
        case .argument:
            return OpenedVolume(volume: volume, voxelSizeSource: .commandLine)
        case .unknown:
            guard let mm = defaultPixelSizeMM else { return OpenedVolume(volume: volume, voxelSizeSource: .unknown) }
            return OpenedVolume(volume: try TIFFVolume.open(scan.path, voxelSize: VoxelSize(isotropic: mm), boundary: boundary),
                                voxelSizeSource: .configuration)
        }
    }
}
