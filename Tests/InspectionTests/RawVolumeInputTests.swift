import CellQATestKit
import Foundation
import Imaging
import Inspection
import Testing

/// The pipeline on raw volumes: the production loader picks the reader by
/// extension and records the header as the voxel size's source.
@Suite("Inspecting raw volumes")
struct RawVolumeInputTests {
    private func inspector() throws -> StandardInspector {
        try Fixtures.inspector(stages: [SliceReadingStage(), GivenStage(name: "can", measurements: Fixtures.good18650)],
                               loader: TIFFVolumeLoader(defaultVoxelSize: nil))
    }

    /// `<stem>.json` beside the file with serial and format but no voxel size.
    private func sidecar(_ dir: TemporaryDirectory, stem: String) throws {
        try Data(#"{"serial": "SN500", "format": "18650"}"#.utf8).write(to: dir.url.appendingPathComponent(stem + ".json"))
    }

    @Test("a .nrrd PASSes, read slice by slice (mean of 0…15 = 7.5), voxel size from the header")
    func nrrd() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        try sidecar(dir, stem: "SN500")
        let header = "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4 4 2\nspacings: 0.05 0.05 0.1\nencoding: raw\n\n"
        try Data(Array(header.utf8) + (0..<16).map(UInt8.init) + (0..<16).map(UInt8.init))
            .write(to: dir.url.appendingPathComponent("SN500.nrrd"))
        let record = await (try inspector()).inspect(path: dir.file("SN500.nrrd")).record
        #expect(record.verdict == .pass)
        #expect(record.metrics.first { $0.metric.rawValue == "test.first_slice_mean" }?.value == 7.5)
        #expect(record.scan.metadata.voxelSize == VoxelSize(x: 0.05, y: 0.05, z: 0.1))
        #expect(record.scan.metadata.voxelSizeSource == .nrrdHeader)
        #expect(record.scan.metadata.sampleFormat == "8-bit unsigned")
        #expect(record.scan.metadata.volumeShape == VolumeShape(width: 4, height: 4, depth: 2))
    }

    @Test("a Waygate .vol opened through its .pcr: 16-bit, voxel size from VoxelSizeRec")
    func waygateVol() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        try sidecar(dir, stem: "SN500")
        try Data("[VolumeData]\r\nVolume_SizeX=4\r\nVolume_SizeY=4\r\nVolume_SizeZ=2\r\nVoxelSizeRec=0.04\r\nFormat=5\r\n".utf8)
            .write(to: dir.url.appendingPathComponent("SN500.pcr"))
        let voxels = (0..<32).flatMap { i -> [UInt8] in [UInt8(i % 16) * 2, 0] }  // little-endian 2·(i mod 16)
        try Data(voxels).write(to: dir.url.appendingPathComponent("SN500.vol"))
        let record = await (try inspector()).inspect(path: dir.file("SN500.vol")).record
        #expect(record.verdict == .pass)
        #expect(record.metrics.first { $0.metric.rawValue == "test.first_slice_mean" }?.value == 15)
        #expect(record.scan.metadata.voxelSize == VoxelSize(isotropic: 0.04))
        #expect(record.scan.metadata.voxelSizeSource == .waygatePCR)
        #expect(record.scan.metadata.sampleFormat == "16-bit unsigned")
    }

    @Test("a .mhd whose data file is short is ERROR naming the data file and both sizes")
    func truncated() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        try sidecar(dir, stem: "SN500")
        try Data("NDims = 3\nDimSize = 4 4 2\nElementType = MET_UCHAR\nElementSpacing = 0.05 0.05 0.05\nElementDataFile = SN500.raw\n".utf8)
            .write(to: dir.url.appendingPathComponent("SN500.mhd"))
        try Data((0..<20).map(UInt8.init)).write(to: dir.url.appendingPathComponent("SN500.raw"))
        let record = await (try inspector()).inspect(path: dir.file("SN500.mhd")).record
        #expect(record.verdict == .error)
        let reason = try #require(record.reasons.first)
        #expect(reason.hasPrefix("opening volume "))
        #expect(reason.contains("SN500.raw: truncated (page 1 needs 32 bytes, file has 20)"))
    }

    @Test("a .mhd whose data file is a link out of the export folder is ERROR, its bytes never read")
    func dataLinkOutside() async throws {
        let dir = try TemporaryDirectory(), outside = try TemporaryDirectory()
        defer { dir.remove(); outside.remove() }
        try sidecar(dir, stem: "SN501")
        try Data("NDims = 3\nDimSize = 4 4 2\nElementType = MET_UCHAR\nElementSpacing = 0.05 0.05 0.05\nElementDataFile = SN501.raw\n".utf8)
            .write(to: dir.url.appendingPathComponent("SN501.mhd"))
        try Data(repeating: 200, count: 32).write(to: outside.url.appendingPathComponent("secret.raw"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("SN501.raw"), withDestinationPath: outside.file("secret.raw"))
        let record = await (try inspector()).inspect(path: dir.file("SN501.mhd")).record
        #expect(record.verdict == .error)
        #expect(record.reasons.first?.contains("SN501.raw") == true, "\(record.reasons)")
        #expect(!record.metrics.contains { $0.metric.rawValue == "test.first_slice_mean" })
    }
}

@Suite("Raw volume fingerprint")
struct RawVolumeFingerprintTests {
    @Test("a detached header's fingerprint changes when its data file does, not only the header")
    func dataFileCounts() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let header = dir.file("a.nhdr")
        try Data("NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 1\nencoding: raw\ndata file: a.raw\n".utf8)
            .write(to: URL(fileURLWithPath: header))
        try Data([1, 2, 3, 4]).write(to: URL(fileURLWithPath: dir.file("a.raw")))
        let before = try ScanFingerprint.compute(path: header)
        #expect(try ScanFingerprint.compute(path: header) == before)
        try Data([1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: dir.file("a.raw")))
        #expect(try ScanFingerprint.compute(path: header) != before)
    }
}
