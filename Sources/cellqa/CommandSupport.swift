import ArgumentParser
import Foundation
import Imaging
import VolumeIO

/// Opens a scan for the `analyze` commands: the TIFF's own voxel size unless
/// the command line gives one (`pixelMM` in-plane, `sliceMM` along the axis,
/// defaulting to the in-plane size).
func openScan(_ path: String, pixelMM: Double?, sliceMM: Double? = nil) throws -> TIFFVolume {
    let voxel = pixelMM.map { VoxelSize(x: $0, y: $0, z: sliceMM ?? $0) }
    return try TIFFVolume.open(path, voxelSize: voxel)
}

/// Prints any report as pretty, key-sorted JSON on stdout.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
