import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

@Suite("PNG")
struct PNGTests {
    @Test("gray8 round trip, atomic write")
    func gray8() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let image = Image(width: 33, height: 17, pixels: (0..<(33 * 17)).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let path = directory.file("gray8.png")
        try PNGWriter.write(image, to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])  // PNG signature
        // IHDR: bit depth 8, colour type 0 (grey) at bytes 24 and 25.
        #expect(bytes[24] == 8 && bytes[25] == 0)
        #expect(try PNGReader.readGray8(path) == image)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["gray8.png"])
    }

    @Test("gray16 round trip keeps every 16-bit value")
    func gray16() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        guard case .uint16(let image) = TestImages.pattern(.uint16, width: 41, height: 23, seed: 5) else { return }
        let path = directory.file("gray16.png")
        try PNGWriter.write(image, to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[24] == 16 && bytes[25] == 0)  // IHDR: 16-bit grey
        #expect(try PNGReader.readGray16(path) == image)
    }

    @Test("RGB8 round trip, and encode() gives the same bytes as the file")
    func rgb8() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pixels = (0..<(20 * 12)).map { (i: Int) -> RGB8 in
            let level = UInt8(i % 256)
            return RGB8(red: level, green: level &* 3, blue: 255 - level)
        }
        let image = RGBImage(width: 20, height: 12, pixels: pixels)
        let path = directory.file("rgb.png")
        try PNGWriter.write(image, to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[24] == 8 && bytes[25] == 2)  // IHDR: 8-bit truecolour
        #expect(try PNGReader.readRGB8(path) == image)
        #expect(try PNGWriter.encode(image) == bytes)
    }

    @Test("an empty image is refused with a typed error")
    func emptyImage() {
        #expect(throws: VolumeIOError.invalidImage(detail: "PNG of 0×0 pixels")) {
            try PNGWriter.encode(Image<UInt8>(width: 0, height: 0, pixels: []))
        }
    }
}
