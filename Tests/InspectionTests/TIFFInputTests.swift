import CellQATestKit
import Foundation
import Inspection
import Testing

/// The pipeline on real TIFF files: a good stack is read slice by slice, a
/// truncated or non-TIFF file becomes an ERROR record naming the file, never a crash.
@Suite("Inspecting TIFF files")
struct TIFFInputTests {
    /// A minimal little-endian, uncompressed, 8-bit, one-strip TIFF (written by
    /// hand here so the test does not depend on the writer under test elsewhere).
    static func tiff(width: Int, height: Int, pixels: [UInt8]) -> Data {
        var d = Data()
        func u16(_ v: Int) { d.append(UInt8(v & 0xff)); d.append(UInt8(v >> 8 & 0xff)) }
        func u32(_ v: Int) { u16(v & 0xffff); u16(v >> 16 & 0xffff) }
        d.append(contentsOf: Array("II".utf8)); u16(42); u32(8)
        let tags: [(Int, Int, Int)] = [  // tag, type (3 SHORT, 4 LONG), value
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 0 /* patched */), (277, 3, 1), (278, 4, height), (279, 4, width * height),
        ]
        let dataOffset = 8 + 2 + tags.count * 12 + 4
        u16(tags.count)
        for (tag, type, value) in tags {
            u16(tag); u16(type); u32(1)
            let v = tag == 273 ? dataOffset : value
            if type == 3 { u16(v); u16(0) } else { u32(v) }
        }
        u32(0)
        d.append(contentsOf: pixels)
        return d
    }

    func scan(_ dir: TemporaryDirectory, slices: [Data]) throws -> String {
        let path = try Fixtures.scanFolder(in: dir, name: "SN400_18650", serial: "SN400")
        try FileManager.default.removeItem(atPath: path + "/im001.tif")
        for (i, data) in slices.enumerated() {
            try data.write(to: URL(fileURLWithPath: path).appendingPathComponent(String(format: "im%03d.tif", i + 1)))
        }
        return path
    }

    func inspector() throws -> StandardInspector {
        try Fixtures.inspector(stages: [SliceReadingStage(), GivenStage(name: "can", measurements: Fixtures.good18650)],
                               loader: TIFFVolumeLoader(defaultVoxelSize: nil))
    }

    @Test("a good 2-slice stack PASSes; the stage read the slices (mean of 0…15 = 7.5)")
    func goodStack() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let slice = Self.tiff(width: 4, height: 4, pixels: (0..<16).map(UInt8.init))
        let record = await (try inspector()).inspect(path: try scan(dir, slices: [slice, slice])).record
        #expect(record.verdict == .pass)
        #expect(record.metrics.first { $0.metric.rawValue == "test.first_slice_mean" }?.value == 7.5)
        #expect(record.scan.metadata.voxelSizeSource == .jsonSidecar)
    }

    @Test("a truncated slice is ERROR naming the file")
    func truncated() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let slice = Self.tiff(width: 4, height: 4, pixels: (0..<16).map(UInt8.init))
        let cut = slice.prefix(slice.count - 10)  // pixel data runs past the end of the file
        let record = await (try inspector()).inspect(path: try scan(dir, slices: [slice, cut])).record
        #expect(record.verdict == .error)
        let reason = try #require(record.reasons.first)
        #expect(reason.hasPrefix("opening volume "))
        #expect(reason.contains("im002.tif"))
        #expect(record.stages.isEmpty)
    }

    @Test("a file that is not a TIFF is ERROR, not a crash")
    func notATIFF() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let record = await (try inspector()).inspect(path: try scan(dir, slices: [Data("not a tiff at all".utf8)])).record
        #expect(record.verdict == .error)
        #expect(record.reasons.first?.hasPrefix("opening volume ") == true)
        #expect(record.reasonCodes == ["error.open_volume"])
    }
}
