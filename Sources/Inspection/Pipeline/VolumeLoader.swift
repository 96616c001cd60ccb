import Imaging

/// Opens the volume of a scan: the seam between the pipeline and the files, so
/// tests can inspect volumes made in memory.
///
/// The contract: `voxelSize`, when given, overrides whatever the files say
/// (the scan's sidecar metadata wins over TIFF tags); a file that cannot be read
/// throws an error that names it.
public protocol VolumeLoader: Sendable {
    func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> any SliceSource
}
