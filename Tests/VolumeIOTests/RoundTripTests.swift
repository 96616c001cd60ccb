import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// Write → read must give back every sample bit for bit, for every combination
/// of sample format × compression × byte order × strips/tiles × single/multi-page
/// × photometric (4 × 4 × 2 × 2 × 2 × 2 = 256 cases).
/// Images are 37×29 (odd sizes: partial bytes for 1-bit rows, partial edge tiles
/// and a short last strip) with values spanning the whole range.
/// The writer was also checked independently once: the 128 multi-page files of
/// these cases, read by Python tifffile 2026.3.3, gave exactly the written samples.
@Suite("TIFF round trips")
struct RoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let format: TIFFSampleFormat
        let compression: TIFFCompression
        let byteOrder: TIFFByteOrder
        let tiled: Bool
        let multiPage: Bool
        let photometric: TIFFPhotometric
        var testDescription: String {
            "\(format) \(compression) \(byteOrder) \(tiled ? "tiled" : "stripped") "
                + "\(multiPage ? "multi-page" : "single") \(photometric)"
        }
    }

    static let cases: [Case] = TIFFSampleFormat.allCases.flatMap { format in
        TIFFCompression.allCases.flatMap { compression in
            TIFFByteOrder.allCases.flatMap { byteOrder in
                [false, true].flatMap { tiled in
                    [false, true].flatMap { multiPage in
                        [TIFFPhotometric.minIsBlack, .whiteIsZero].map {
                            Case(format: format, compression: compression, byteOrder: byteOrder,
                                 tiled: tiled, multiPage: multiPage, photometric: $0)
                        }
                    }
                }
            }
        }
    }

    @Test("bit-exact round trip", arguments: cases)
    func roundTrip(_ testCase: Case) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pages = testCase.multiPage ? 3 : 1
        let slices = (0..<pages).map { TestImages.pattern(testCase.format, width: 37, height: 29, seed: $0) }
        let options = TIFFWriteOptions(
            compression: testCase.compression, byteOrder: testCase.byteOrder, photometric: testCase.photometric,
            layout: testCase.tiled ? .tiled(width: 16, height: 16) : .stripped(rowsPerStrip: 7),
            voxelSize: VoxelSize(x: 0.05, y: 0.04, z: 0.05))
        let path = directory.file("volume.tif")
        try TIFFWriter.writeMultiPage(slices, to: path, options: options)

        let volume = try TIFFVolume.open(path)
        #expect(volume.shape == VolumeShape(width: 37, height: 29, depth: pages))
        #expect(volume.sampleFormat == testCase.format)
        #expect(volume.compression == testCase.compression)
        #expect(volume.byteOrder == testCase.byteOrder)
        #expect(volume.photometric == testCase.photometric)
        #expect(volume.pages[0].layout == (testCase.tiled ? .tiled(width: 16, height: 16) : .stripped(rowsPerStrip: 7)))
        // Resolution goes through a float rational in pixels per cm: 1e-6 relative.
        #expect(volume.voxelSizeOrigin == .fileMetadata)
        #expect(abs(volume.voxelSize.x - 0.05) < 1e-7 && abs(volume.voxelSize.y - 0.04) < 1e-7)
        #expect(abs(volume.voxelSize.z - 0.05) < 1e-7)  // z = x: TIFF has no z tag
        for index in 0..<pages {
            #expect(try volume.rawSlice(index) == slices[index], "page \(index)")
            // slice() gives the stored values as Float, photometric not applied.
            #expect(try volume.slice(index) == slices[index].gray, "page \(index)")
        }
        // The temporary file was renamed away.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["volume.tif"])
    }

    @Test("folder of slices: written im001…im012, read back in natural order")
    func folderRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let slices = (0..<12).map { TestImages.pattern(.uint16, width: 40, height: 24, seed: $0) }
        let written = try TIFFWriter.writeFolder(slices, to: directory.path, options: TIFFWriteOptions(compression: .lzw))
        #expect(written.map { ($0 as NSString).lastPathComponent }.first == "im001.tif")
        #expect(written.map { ($0 as NSString).lastPathComponent }.last == "im012.tif")
        // Marker files beside the slices are ignored.
        try Data("done".utf8).write(to: directory.url.appendingPathComponent("scan.done"))
        try Data("{}".utf8).write(to: directory.url.appendingPathComponent("meta.json"))
        let volume = try TIFFVolume.open(directory.path)
        #expect(volume.shape == VolumeShape(width: 40, height: 24, depth: 12))
        for index in 0..<12 { #expect(try volume.rawSlice(index) == slices[index]) }
    }

    @Test("natural order without zero padding: im2 before im10")
    func naturalOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Slice n holds the value n everywhere.
        for n in 1...12 {
            try TIFFWriter.write(.uint8(Image(width: 8, height: 8, repeating: UInt8(n))), to: directory.file("im\(n).tif"))
        }
        let volume = try TIFFVolume.open(directory.path)
        #expect(try (0..<12).map { try volume.slice($0)[0, 0] } == (1...12).map(Float.init))
        #expect(NaturalOrder.areInIncreasingOrder("im2.tif", "im10.tif"))
        #expect(!NaturalOrder.areInIncreasingOrder("im10.tif", "im2.tif"))
        #expect(["b10", "a2", "B1", "a10"].sorted(by: NaturalOrder.areInIncreasingOrder) == ["a2", "a10", "B1", "b10"])
        let names = (1...300).map { "im\($0 % 7 == 0 ? String(format: "%04d", $0) : String($0)).tif" }.reversed() + ["a2", "B1", "im7.tif"]
        #expect(NaturalOrder.sorted(Array(names)) == names.sorted(by: NaturalOrder.areInIncreasingOrder))
    }

    @Test("streaming writer: 40 pages appended one at a time, BigTIFF on request")
    func streamingWriter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("stream.tif")
        let writer = TIFFStreamWriter(path: path, options: TIFFWriteOptions(compression: .deflate, bigTIFF: true))
        for seed in 0..<40 {
            try writer.append(TestImages.pattern(.uint16, width: 64, height: 48, seed: seed).gray, as: .uint16)
            // Nothing visible at the destination until finish().
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        try writer.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(4)) == [0x49, 0x49, 43, 0])  // "II+\0": BigTIFF
        let volume = try TIFFVolume.open(path)
        #expect(volume.shape.depth == 40)
        #expect(try volume.rawSlice(39) == TestImages.pattern(.uint16, width: 64, height: 48, seed: 39))
    }

    @Test("streaming writer: a page of another size is refused; cancel leaves nothing behind")
    func streamingWriterMismatch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = TIFFStreamWriter(path: directory.file("stream.tif"))
        try writer.append(TestImages.pattern(.uint8, width: 16, height: 16, seed: 0))
        #expect(throws: VolumeIOError.self) {
            try writer.append(TestImages.pattern(.uint8, width: 17, height: 16, seed: 0))
        }
        writer.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("quantising grey values: rounding and clamping")
    func quantising() {
        let image = GrayImage(width: 4, height: 1, pixels: [-3, 0.4, 254.6, 70000])
        #expect(RawSlice(image, as: .uint8) == .uint8(Image(width: 4, height: 1, pixels: [0, 0, 255, 255])))
        #expect(RawSlice(image, as: .uint16) == .uint16(Image(width: 4, height: 1, pixels: [0, 0, 255, 65535])))
        #expect(RawSlice(image, as: .uint1) == .bit(Image(width: 4, height: 1, pixels: [false, false, true, true])))
    }
}
