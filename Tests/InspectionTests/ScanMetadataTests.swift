import CellQATestKit
import Foundation
import Imaging
import Inspection
import Testing

@Suite("Scan metadata from sidecars")
struct ScanMetadataTests {
    func folder(_ dir: TemporaryDirectory, _ name: String) throws -> URL {
        let url = dir.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data([0]).write(to: url.appendingPathComponent("im001.tif"))
        return url
    }

    @Test("Nikon .xtekct: voxel size in mm per axis and Name")
    func nikon() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = try folder(dir, "scan-a")
        try """
        [XTekCT]
        Name=CELL-0042
        VoxelSizeX=0.03397
        VoxelSizeY=0.03397
        VoxelSizeZ=0.06794
        """.write(to: scan.appendingPathComponent("scan-a.xtekct"), atomically: true, encoding: .utf8)
        let m = try ScanMetadataReader().scan(at: scan.path).metadata
        #expect(m.voxelSize == VoxelSize(x: 0.03397, y: 0.03397, z: 0.06794))
        #expect(m.voxelSizeSource == .nikonXtekct)
        #expect(m.serial == "CELL-0042")
        #expect(m.serialSource == .nikonXtekct)
    }

    @Test("Waygate .pcr beside a multi-page TIFF: isotropic Voxelsize")
    func waygate() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let file = dir.url.appendingPathComponent("SN7_4680.tif")
        try Data([0]).write(to: file)
        try "[VolumeData]\nVoxelsize=0.045\n".write(to: dir.url.appendingPathComponent("SN7_4680.pcr"), atomically: true, encoding: .utf8)
        let reader = ScanMetadataReader(folderPattern: #"^(?<serial>SN\d+)_(?<format>\d{4,5})"#)
        let scan = try reader.scan(at: file.path)
        #expect(scan.id == "SN7_4680.tif") // the extension kept: a folder SN7_4680 would be another scan
        #expect(scan.metadata.voxelSize == VoxelSize(isotropic: 0.045))
        #expect(scan.metadata.voxelSizeSource == .waygatePCR)
        #expect(scan.metadata.serial == "SN7")
        #expect(scan.metadata.cellFormat == "4680")
        #expect(scan.metadata.cellFormatSource == .folderName)
    }

    @Test("JSON sidecar wins over .xtekct and the folder name; defaults fill the rest")
    func precedence() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = try folder(dir, "SN9_21700")
        try #"{"voxel_size_mm": [0.02, 0.02, 0.04], "serial": "FROM-JSON"}"#
            .write(to: scan.appendingPathComponent("cellqa.json"), atomically: true, encoding: .utf8)
        try "VoxelSizeX=0.5\nName=FROM-NIKON\n".write(to: scan.appendingPathComponent("a.xtekct"), atomically: true, encoding: .utf8)
        let reader = ScanMetadataReader(folderPattern: #"^(?<serial>SN\d+)_(?<format>\d{5})$"#,
                                        defaults: ScanMetadata(cellFormat: "18650", cellFormatSource: .configuration))
        let m = try reader.scan(at: scan.path).metadata
        #expect(m.voxelSize == VoxelSize(x: 0.02, y: 0.02, z: 0.04))
        #expect(m.serial == "FROM-JSON")
        #expect(m.cellFormat == "21700")  // folder name beats the configured default
        #expect(m.cellFormatSource == .folderName)
        #expect(m.sidecars.count == 2)
    }

    @Test("a malformed sidecar is an error naming the file")
    func malformed() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = try folder(dir, "bad")
        try #"{"voxel_size_mm": -1}"#.write(to: scan.appendingPathComponent("cellqa.json"), atomically: true, encoding: .utf8)
        #expect {
            try ScanMetadataReader().scan(at: scan.path)
        } throws: { error in
            "\(error)".contains("cellqa.json") && "\(error)".contains("must be positive")
        }
    }

    @Test("scan ids are safe folder names")
    func ids() {
        // Cleaned, so made unique by a hash of the name (no export root: the folder is the root).
        #expect(Scan.id(forPath: "/x/SN 12/ä") == "_--33e6d73fee")
        #expect(Scan.id(forPath: "/x/cell vol#3") == "cell_vol_3--e57807c997")
    }
}
