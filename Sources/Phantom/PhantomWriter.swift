import Foundation
import Imaging
import VolumeIO

/// Writes a phantom to disk the way a scanner exports a scan, with its ground
/// truth beside it, streaming: slices are rendered a few at a time and written
/// as they come, so a production-size (4 GB) phantom never sits in memory.
public enum PhantomWriter {
    public enum Layout: String, Sendable, CaseIterable {
        /// A folder of single-page slices `im0001.tif` …, plus `truth.json` and a
        /// `cellqa.json` sidecar (voxel size, serial, format) inside it.
        case folder
        /// One multi-page TIFF; `<name>.truth.json` and `<name>.json` beside it.
        case multiPage
        /// One NRRD with the data attached (`<name>.nrrd`, raw, little-endian);
        /// truth and sidecar beside it as for `multiPage`.
        case nrrd
        /// MetaImage `<name>.mhd` + `<name>.raw`; truth and sidecar beside it.
        case metaImage
    }

    /// What was written.
    public struct Written: Sendable {
        public var scanPath: String
        public var truthPath: String
        public var sliceCount: Int
    }

    /// - Parameters:
    ///   - serial: recorded in the sidecar, so the inspection knows the cell.
    ///   - format: the tolerance-table name the sidecar gives (`phantom` by default).
    ///   - writesTruth: false for a validation lot, whose truth lives outside the scan
    ///     (an inspection must not be able to read its own answer); `truthPath` is then empty.
    ///   - onSlice: called after each slice is written (progress).
    @discardableResult
    public static func write(_ volume: PhantomVolume, to path: String, layout: Layout = .folder,
                             serial: String = "PHANTOM-0001", format: String = "phantom", writesTruth: Bool = true,
                             onSlice: @Sendable (Int) -> Void = { _ in }) async throws -> Written {
        let sampleFormat: TIFFSampleFormat = switch volume.spec.bitDepth {
        case .eight: .uint8
        case .sixteen: .uint16
        case .float32: .float32
        }
        let options = TIFFWriteOptions(voxelSize: volume.voxelSize)
        let depth = volume.shape.depth
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        let truthPath: String, sidecarPath: String
        switch layout {
        case .folder:
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            let digits = max(4, String(depth).count)
            let batch = defaultSliceConcurrency() * 2
            for start in stride(from: 0, to: depth, by: batch) {
                let indices = Array(start..<min(depth, start + batch))
                _ = try await concurrentMap(indices) { z in
                    let name = "im" + String(repeating: "0", count: max(0, digits - String(z + 1).count)) + String(z + 1) + ".tif"
                    try TIFFWriter.write(RawSlice(try volume.slice(z), as: sampleFormat),
                                         to: url.appendingPathComponent(name).path, options: options)
                }
                indices.forEach(onSlice)
            }
            truthPath = url.appendingPathComponent("truth.json").path
            sidecarPath = url.appendingPathComponent("cellqa.json").path
        case .nrrd, .metaImage:
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let type: RawElementType = switch sampleFormat {
            case .uint1, .uint8: .uint8
            case .uint16: .uint16
            case .float32: .float32
            }
            // The writer streams slice by slice; each is quantised as the TIFF path does.
            try withoutActuallyEscaping(onSlice) { onSlice in
                let source = ProgressSource(volume: volume, onSlice: onSlice)
                if layout == .nrrd {
                    try RawVolumeWriter.writeNRRD(source, to: path, as: type)
                } else {
                    try RawVolumeWriter.writeMetaImage(source, to: path, as: type)
                }
            }
            let stem = url.deletingPathExtension()
            truthPath = stem.path + ".truth.json"
            sidecarPath = stem.path + ".json"
        case .multiPage:
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let writer = TIFFStreamWriter(path: path, options: options, expectedPageCount: depth)
            do {
                for z in 0..<depth {
                    try writer.append(RawSlice(try volume.slice(z), as: sampleFormat))
                    onSlice(z)
                }
                try writer.finish()
            } catch {
                writer.cancel()
                throw error
            }
            let stem = url.deletingPathExtension()
            truthPath = stem.path + ".truth.json"
            sidecarPath = stem.path + ".json"
        }
        if writesTruth { try writeJSON(volume.truth, to: truthPath) }
        let v = volume.voxelSize
        let sidecar: [String: AnyEncodable] = [
            "voxel_size_mm": AnyEncodable([v.x, v.y, v.z]), "serial": AnyEncodable(serial),
            "format": AnyEncodable(format),
        ]
        try writeJSON(sidecar, to: sidecarPath)
        return Written(scanPath: path, truthPath: writesTruth ? truthPath : "", sliceCount: depth)
    }

    static func writeJSON(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// A phantom as the raw writers read it: slices quantised to the phantom's bit
/// depth (as the TIFF layouts store them), progress reported per slice.
private struct ProgressSource: SliceSource {
    let volume: PhantomVolume
    let onSlice: @Sendable (Int) -> Void
    var shape: VolumeShape { volume.shape }
    var voxelSize: VoxelSize { volume.voxelSize }
    func slice(_ index: Int) throws -> GrayImage {
        defer { onSlice(index) }
        return try volume.slice(index)
    }
}

/// Lets a small heterogeneous dictionary be encoded as one JSON object.
struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init(_ value: some Encodable) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
