import Imaging

/// Opens the volume of a scan: the seam between the pipeline and the files, so
/// tests can inspect volumes made in memory.
///
/// The contract: `voxelSize`, when given, overrides whatever the files say
/// (the scan's sidecar metadata wins over TIFF tags); the result says where the
/// voxel size it used came from (`.unknown` when nobody said: the inspection is
/// then ERROR, as lengths in mm would be meaningless); a file that cannot be read
/// throws an error that names it.
public protocol VolumeLoader: Sendable {
    func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume
}

/// A volume and the origin of its voxel size.
public struct OpenedVolume: Sendable {
    public var volume: any SliceSource
    public var voxelSizeSource: MetadataSource
    /// The stored samples, e.g. "8-bit unsigned", when the loader knows them.
    public var sampleFormat: String?

    public init(volume: any SliceSource, voxelSizeSource: MetadataSource, sampleFormat: String? = nil) {
        self.volume = volume
        self.voxelSizeSource = voxelSizeSource
        self.sampleFormat = sampleFormat
    }
}
