import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// Each way a raw volume and its header can disagree, with the typed error it gives.
@Suite("Raw volume errors")
struct RawVolumeErrorTests {
    /// A detached NRRD header for `cell.raw` in `directory`.
    private func nhdr(_ directory: TemporaryDirectory, type: String = "uint16", sizes: String = "5 4 3",
                      endian: String = "little", encoding: String = "raw", extra: String = "") throws -> String {
        let path = directory.file("cell.nhdr")
        try RawFixtures.write("NRRD0004\ntype: \(type)\ndimension: 3\nsizes: \(sizes)\nendian: \(endian)\n"
                              + "encoding: \(encoding)\n\(extra)data file: cell.raw\n", to: path)
        return path
    }

    @Test("truncated data: the first incomplete slice and both byte counts")
    func truncated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try nhdr(directory)
        // 120 bytes declared (5·4·3·2), 70 written: slice 0 (40 bytes) complete, slice 1 not.
        try RawFixtures.write(Array(RawFixtures.bytes(.uint16, .littleEndian).prefix(70)), to: directory.file("cell.raw"))
        let found = RawFixtures.error { _ = try RawVolume.open(path) }
        #expect(found == .truncated(path: directory.file("cell.raw"), page: 1, expectedBytes: 120, actualBytes: 70))
        #expect(found?.description.contains("copy the scan again") == true)
    }

    @Test("file longer than declared (wrong dimensions or type): both numbers and the declaration")
    func wrongDeclaredSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The data are uint16; the header says uint8.
        let path = try nhdr(directory, type: "uint8", extra: "byte skip: 4\n")
        try RawFixtures.write([0, 0, 0, 0] + RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("cell.raw"))
        let found = RawFixtures.error { _ = try RawVolume.open(path) }
        #expect(found == .dataSizeMismatch(path: directory.file("cell.raw"), expectedBytes: 64, actualBytes: 124,
                                           declared: "5×4×3 8-bit unsigned after a 4-byte skip"))
        #expect(found?.description.contains("declares 5×4×3 8-bit unsigned after a 4-byte skip = 64 bytes, the file has 124") == true)
    }

    @Test("byte order: the size cannot tell; declared big reads the values, declared little their byte swaps")
    func byteOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(RawFixtures.bytes(.uint16, .bigEndian), to: directory.file("cell.raw"))
        let right = try RawVolume.open(try nhdr(directory, endian: "big"))
        #expect(try RawFixtures.mismatches(right, .uint16) == [])
        let wrong = try RawVolume.open(try nhdr(directory, endian: "little"))
        let slice = try wrong.slice(0)
        // Voxel 1 is 0x0102 + 1009 = 0x04F3: read little-endian it is 0xF304.
        #expect(RawFixtures.value(.uint16, x: 1, y: 0, z: 0) == 0x04F3)
        #expect(slice[0, 1] == Float(0xF304))
        #expect(slice.pixels == (0..<20).map { Float(UInt16(RawFixtures.value(.uint16, x: $0 % 5, y: $0 / 5, z: 0)).byteSwapped) })
    }

    @Test("unknown types: named as declared, in each format")
    func unknownType() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("cell.raw"))
        let nrrd = try nhdr(directory, type: "complex")
        #expect(RawFixtures.error { _ = try RawVolume.open(nrrd) } == .unsupportedElementType(path: nrrd, declared: "complex"))

        let mhd = directory.file("cell.mhd")
        try RawFixtures.write("NDims = 3\nDimSize = 5 4 3\nElementType = MET_LONG\nElementDataFile = cell.raw\n", to: mhd)
        #expect(RawFixtures.error { _ = try RawVolume.open(mhd) } == .unsupportedElementType(path: mhd, declared: "MET_LONG"))

        try RawFixtures.write(RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("cell.vol"))
        let pcr = directory.file("cell.pcr")
        try RawFixtures.write("[VolumeData]\nVolume_SizeX=5\nVolume_SizeY=4\nVolume_SizeZ=3\nFormat=7\n", to: pcr)
        #expect(RawFixtures.error { _ = try RawVolume.open(pcr) } == .unsupportedElementType(path: pcr, declared: "Format = 7"))

        let vgi = directory.file("cell.vgi")
        try RawFixtures.write("[file1]\nSize = 5 4 3\nName = cell.vol\nDatatype = rgb\nBitsPerElement = 24\n", to: vgi)
        #expect(RawFixtures.error { _ = try RawVolume.open(vgi) }
                == .unsupportedElementType(path: vgi, declared: "Datatype = rgb, BitsPerElement = 24"))
    }

    @Test("unknown encodings: NRRD bzip2, MetaImage ASCII, VGI FileFormat")
    func unknownEncoding() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("cell.raw"))
        let nrrd = try nhdr(directory, encoding: "bzip2")
        #expect(RawFixtures.error { _ = try RawVolume.open(nrrd) } == .unsupportedEncoding(path: nrrd, declared: "bzip2"))
        let mhd = directory.file("cell.mhd")
        try RawFixtures.write("NDims = 3\nDimSize = 5 4 3\nBinaryData = False\nElementType = MET_USHORT\nElementDataFile = cell.raw\n", to: mhd)
        #expect(RawFixtures.error { _ = try RawVolume.open(mhd) }
                == .unsupportedEncoding(path: mhd, declared: "BinaryData = False (ASCII)"))
        let vgi = directory.file("cell.vgi")
        try RawFixtures.write("[file1]\nSize = 5 4 3\nName = cell.raw\nFileFormat = tiff\n", to: vgi)
        #expect(RawFixtures.error { _ = try RawVolume.open(vgi) } == .unsupportedEncoding(path: vgi, declared: "FileFormat = tiff"))
    }

    @Test("missing and malformed fields name the field")
    func malformed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("cell.raw"))
        let noEndian = directory.file("a.nhdr")
        try RawFixtures.write("NRRD0004\ntype: uint16\ndimension: 3\nsizes: 5 4 3\nencoding: raw\ndata file: cell.raw\n", to: noEndian)
        #expect(RawFixtures.error { _ = try RawVolume.open(noEndian) }
                == .malformedHeader(path: noEndian, field: "endian", detail: "is missing; it is required for 16-bit unsigned data"))
        let badSizes = try nhdr(directory, sizes: "5 4")
        #expect(RawFixtures.error { _ = try RawVolume.open(badSizes) }
                == .malformedHeader(path: badSizes, field: "sizes", detail: "is `5 4`, not 3 positive sizes"))
        let notNRRD = directory.file("b.nrrd")
        try RawFixtures.write("P5\n5 4\n255\n", to: notNRRD)
        guard case .malformedHeader(_, "magic", _)? = RawFixtures.error({ _ = try RawVolume.open(notNRRD) }) else {
            Issue.record("expected .malformedHeader(magic)"); return
        }
        let list = try nhdr(directory, extra: "")
        try RawFixtures.write("NRRD0004\ntype: uint8\ndimension: 3\nsizes: 5 4 3\nencoding: raw\ndata file: LIST\na.raw\n", to: list)
        guard case .malformedHeader(_, "data file", _)? = RawFixtures.error({ _ = try RawVolume.open(list) }) else {
            Issue.record("expected .malformedHeader(data file)"); return
        }
    }

    @Test("Nikon without .vgi: a size that fits no type is a mismatch naming float32, Nikon's default")
    func nikonSizeFitsNoType() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write("[XTekCT]\nVoxelsX=5\nVoxelsY=4\nVoxelsZ=3\n", to: directory.file("c.xtekVolume"))
        try RawFixtures.write([UInt8](repeating: 0, count: 300), to: directory.file("c.vol"))
        let found = RawFixtures.error { _ = try RawVolume.open(directory.file("c.xtekVolume")) }
        #expect(found == .dataSizeMismatch(path: directory.file("c.vol"), expectedBytes: 240, actualBytes: 300,
                                           declared: "5×4×3 voxels (no type given; float32, uint16, uint8 tried), as 32-bit float"))
    }

    @Test("gzip: a stream that ends early is truncated at the slice it stops in; one that goes on is a mismatch")
    func gzipSizes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = RawFixtures.bytes(.uint16, .littleEndian)
        let path = try nhdr(directory, encoding: "gzip")
        try RawFixtures.write(try Deflater.compress(Array(data.prefix(100)), gzip: true), to: directory.file("cell.raw"))
        let short = try RawVolume.open(path)
        #expect(try short.slice(1).pixels.count == 20)
        #expect(RawFixtures.error { _ = try short.slice(2) }
                == .truncated(path: directory.file("cell.raw"), page: 2, expectedBytes: 120, actualBytes: 100))

        try RawFixtures.write(try Deflater.compress(data + [1, 2, 3, 4], gzip: true), to: directory.file("cell.raw"))
        let long = try RawVolume.open(path)
        for z in 0..<2 {
            #expect(try long.slice(z).pixels == (0..<20).map { Float(RawFixtures.value(.uint16, x: $0 % 5, y: $0 / 5, z: z)) })
        }
        #expect(RawFixtures.error { _ = try long.slice(2) }
                == .dataSizeMismatch(path: directory.file("cell.raw"), expectedBytes: 120, actualBytes: 124,
                                     declared: "5×4×3 16-bit unsigned (decompressed)"))
    }

    @Test("MetaImage CompressedDataSize that disagrees with the file")
    func compressedDataSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stream = try Deflater.compress(RawFixtures.bytes(.uint8, .littleEndian), gzip: false)
        try RawFixtures.write(stream, to: directory.file("a.zraw"))
        let mhd = directory.file("a.mhd")
        try RawFixtures.write("NDims = 3\nDimSize = 5 4 3\nElementType = MET_UCHAR\nCompressedData = True\n"
                              + "CompressedDataSize = \(stream.count + 10)\nElementDataFile = a.zraw\n", to: mhd)
        #expect(RawFixtures.error { _ = try RawVolume.open(mhd) }
                == .truncated(path: directory.file("a.zraw"), page: 0, expectedBytes: UInt64(stream.count + 10),
                              actualBytes: UInt64(stream.count)))
    }

    @Test("slice index out of range, and willRead of any indices is harmless")
    func outOfRange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(RawFixtures.bytes(.uint16, .littleEndian), to: directory.file("cell.raw"))
        let volume = try RawVolume.open(try nhdr(directory))
        volume.willRead([2, 0, 7, -1])
        #expect(RawFixtures.error { _ = try volume.slice(3) } == .sliceIndexOutOfRange(index: 3, depth: 3))
        #expect(try RawFixtures.mismatches(volume, .uint16) == [])
    }
}
