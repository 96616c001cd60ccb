import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// The CT vendors' `.vol` exports with their INI headers, written by hand.
@Suite("Scanner raw volumes")
struct ScannerVolumeTests {
    private let nikon = "[XTekCT]\r\nName=cell42\r\nVoxelsX=5\r\nVoxelsY=4\r\nVoxelsZ=3\r\n"
        + "VoxelSizeX=0.03397\r\nVoxelSizeY=0.03397\r\nVoxelSizeZ=0.06794\r\nOffsetX=0\r\nUnits=mm\r\n"

    @Test("Nikon .xtekVolume without .vgi: float32 inferred from the file size; opened by the .vol too")
    func nikonFloat() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(nikon, to: directory.file("cell42.xtekVolume"))
        try RawFixtures.write(RawFixtures.bytes(.float32, .littleEndian), to: directory.file("cell42.vol"))
        let header = try XTekVolumeHeader(path: directory.file("cell42.xtekVolume"))
        #expect(header.typeInferred && header.layout.elementType == .float32)
        for path in [directory.file("cell42.xtekVolume"), directory.file("cell42.vol")] {
            let volume = try RawVolume.open(path)
            #expect(volume.layout.format == .nikonXTekVolume)
            #expect(volume.voxelSize == VoxelSize(x: 0.03397, y: 0.03397, z: 0.06794))
            #expect(try RawFixtures.mismatches(volume, .float32) == [])
        }
    }

    @Test("Nikon .xtekVolume in µm with a .vgi saying 16-bit unsigned")
    func nikonWithVGI() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(nikon.replacingOccurrences(of: "VoxelSizeX=0.03397", with: "VoxelSizeX=33.97")
                                .replacingOccurrences(of: "VoxelSizeY=0.03397", with: "VoxelSizeY=33.97")
                                .replacingOccurrences(of: "VoxelSizeZ=0.06794", with: "VoxelSizeZ=67.94")
                                .replacingOccurrences(of: "Units=mm", with: "Units=um"), to: directory.file("scan.xtekVolume"))
        try RawFixtures.write("{volume1}\n[representation]\nsize = 1 1 1\n[file1]\nSize = 5 4 3\nName = scan.vol\n"
                              + "Datatype = unsigned integer\nBitsPerElement = 16\n", to: directory.file("scan.vgi"))
        try RawFixtures.write(RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("scan.vol"))
        let header = try XTekVolumeHeader(path: directory.file("scan.xtekVolume"))
        #expect(!header.typeInferred && header.layout.elementType == .uint16)
        // The .vol finds the .xtekVolume first (CT Pro's own header), not the .vgi.
        let volume = try RawVolume.open(directory.file("scan.vol"))
        #expect(volume.layout.format == .nikonXTekVolume)
        #expect(RawFixtures.approximately(volume.voxelSize, VoxelSize(x: 0.03397, y: 0.03397, z: 0.06794)))
        #expect(try RawFixtures.mismatches(volume, .uint16) == [])
    }

    @Test("Waygate .pcr: Format 5 = uint16, 10 = float32, 1 = uint8; VoxelSizeRec isotropic",
          arguments: [(5, RawElementType.uint16), (10, .float32), (1, .uint8)])
    func waygate(_ code: Int, _ type: RawElementType) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write("[General]\r\nVersion=2.7\r\n[VolumeData]\r\nVolume_SizeX=5\r\nVolume_SizeY=4\r\nVolume_SizeZ=3\r\n"
                              + "VoxelSizeRec=0,0425\r\nFormat=\(code)\r\n", to: directory.file("cell.pcr"))
        try RawFixtures.write(RawFixtures.bytes(type, .littleEndian), to: directory.file("cell.vol"))
        let volume = try RawVolume.open(directory.file("cell.pcr"))
        #expect(volume.layout.format == .waygatePCR && volume.layout.elementType == type)
        #expect(volume.voxelSize == VoxelSize(isotropic: 0.0425))
        #expect(try RawFixtures.mismatches(volume, type) == [])
    }

    @Test("Volume Graphics .vgi: [file1] Size/Name/Datatype/BitsPerElement/SkipHeader, [geometry] resolution",
          arguments: [("unsigned integer", 8, RawElementType.uint8), ("unsigned integer", 16, .uint16),
                      ("signed integer", 16, .int16), ("float", 32, .float32)])
    func volumeGraphics(_ datatype: String, _ bits: Int, _ type: RawElementType) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // `Size` appears first in another section: only [file1]'s counts.
        let vgi = "{volume1}\n[representation]\nSize = 9 9 9\n[file1]\nRegionOfInterestStart = 0 0 0\n"
            + "RegionOfInterestEnd = 4 3 2\nFileFormat = raw\nSize = 5 4 3\nName = D:\\CT\\exports\\part.raw\n"
            + "Datatype = \(datatype)\nBitsPerElement = \(bits)\nSkipHeader = 32\n"
            + "{scene}\n[geometry]\nstatus = visible\nresolution = 0.1 0.1 0.2\nunit = mm\n"
        try RawFixtures.write(vgi, to: directory.file("part.vgi"))
        try RawFixtures.write([UInt8](repeating: 0, count: 32) + RawFixtures.bytes(type, .littleEndian), to: directory.file("part.raw"))
        let volume = try RawVolume.open(directory.file("part.vgi"))
        #expect(volume.layout.format == .volumeGraphicsVGI && volume.layout.elementType == type)
        #expect(volume.layout.dataPath == directory.file("part.raw") && volume.dataOffset == 32)
        #expect(volume.voxelSize == VoxelSize(x: 0.1, y: 0.1, z: 0.2))
        #expect(try RawFixtures.mismatches(volume, type) == [])
    }

    @Test("a .vol with no header beside it names the headers it looked for")
    func noHeader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("lonely.vol")
        try RawFixtures.write(RawFixtures.bytes(.uint8, .littleEndian), to: path)
        let found = RawFixtures.error { _ = try RawVolume.open(path) }
        #expect(found == .noVolumeHeader(path: path, looked: ["lonely.xtekVolume", "lonely.pcr", "lonely.vgi",
                                                              "lonely.mhd", "lonely.nhdr"]))
    }

    @Test("INIFile sections: the flat view keeps the first occurrence, the section view its own")
    func iniSections() {
        let ini = INIFile(text: "top=0\n[a]\nSize = 1 2 3\n[B]\nsize=4 5 6\n")
        #expect(ini.value(forKey: "size") == "1 2 3")
        #expect(ini.value(forKey: "Size", inSection: "b") == "4 5 6")
        #expect(ini.value(forKey: "top", inSection: "") == "0")
        #expect(ini.hasSection("A") && !ini.hasSection("c"))
    }
}
