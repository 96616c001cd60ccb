import Imaging
import VolumeIO

/// The production `VolumeLoader`: `TIFFVolume.open`, a folder of slices or one
/// multi-page TIFF, read lazily. Voxel size: the scan's metadata when it has an
/// authoritative one (sidecar), else the TIFF resolution tags, else the
/// configured default pixel size, else unknown (the inspection is then ERROR).
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
        var opened = try openTIFF(scan, voxelSize: voxelSize)
        opened.sampleFormat = (opened.volume as? TIFFVolume)?.sampleFormat.description
        return opened
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
