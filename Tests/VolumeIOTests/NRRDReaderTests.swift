import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// NRRD headers written by hand around known voxels: every voxel and the voxel
/// size read back.
@Suite("NRRD reader")
struct NRRDReaderTests {
    private func header(_ type: RawElementType, _ order: RawByteOrder, extra: String = "",
                        encoding: String = "raw") -> String {
        "NRRD0004\n# hand-written\ntype: \(RawFixtures.nrrdType(type))\ndimension: 3\nsizes: 5 4 3\n"
            + "spacings: 0.05 0.06 0.1\nendian: \(order == .bigEndian ? "big" : "little")\nencoding: \(encoding)\n" + extra
    }

    @Test("attached .nrrd: every voxel and the spacings", arguments: TypeOrder.all + TypeOrder.wide)
    func attached(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("cell.nrrd")
        try RawFixtures.write(Array((header(c.type, c.byteOrder) + "\n").utf8) + RawFixtures.bytes(c.type, c.byteOrder), to: path)
        let volume = try RawVolume.open(path)
        #expect(volume.shape == RawFixtures.shape)
        #expect(volume.layout.format == .nrrd && volume.layout.elementType == c.type && volume.layout.byteOrder == c.byteOrder)
        #expect(volume.voxelSizeOrigin == .header)
        #expect(volume.voxelSize == VoxelSize(x: 0.05, y: 0.06, z: 0.1))
        #expect(try RawFixtures.mismatches(volume, c.type) == [])
    }

    @Test("detached .nhdr: data file, byte skip 17, space directions in microns", arguments: TypeOrder.all)
    func detached(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = "NRRD0005\ntype: \(RawFixtures.nrrdType(c.type))\ndimension: 3\nspace dimension: 3\nsizes: 5 4 3\n"
            + "space directions: (50,0,0) (0, 30, 40) (0,0,100)\nspace units: \"microns\" \"microns\" \"microns\"\n"
            + "endian: \(c.byteOrder == .bigEndian ? "big" : "little")\nencoding: raw\nbyte skip: 17\ndata file: cell.raw\n"
        try RawFixtures.write(text, to: directory.file("cell.nhdr"))
        try RawFixtures.write([UInt8](repeating: 0xEE, count: 17) + RawFixtures.bytes(c.type, c.byteOrder), to: directory.file("cell.raw"))
        let volume = try RawVolume.open(directory.file("cell.nhdr"))
        #expect(volume.dataOffset == 17)
        #expect(volume.layout.dataPath == directory.file("cell.raw"))
        // |(0, 30, 40)| = 50 µm.
        #expect(RawFixtures.approximately(volume.voxelSize, VoxelSize(x: 0.05, y: 0.05, z: 0.1)))
        #expect(try RawFixtures.mismatches(volume, c.type) == [])
    }

    @Test("line skip 2 and byte skip -1 (data at the end of the file)")
    func skips() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(header(.uint16, .bigEndian, extra: "line skip: 2\ndata file: a.raw\n"), to: directory.file("a.nhdr"))
        try RawFixtures.write(Array("P5\n# comment\n".utf8) + RawFixtures.bytes(.uint16, .bigEndian), to: directory.file("a.raw"))
        let skipped = try RawVolume.open(directory.file("a.nhdr"))
        #expect(skipped.dataOffset == 13)
        #expect(try RawFixtures.mismatches(skipped, .uint16) == [])

        try RawFixtures.write(header(.int16, .littleEndian, extra: "byte skip: -1\ndata file: b.raw\n"), to: directory.file("b.nhdr"))
        try RawFixtures.write([UInt8](repeating: 7, count: 100) + RawFixtures.bytes(.int16, .littleEndian), to: directory.file("b.raw"))
        let atEnd = try RawVolume.open(directory.file("b.nhdr"))
        #expect(atEnd.dataOffset == 100)
        #expect(try RawFixtures.mismatches(atEnd, .int16) == [])
    }

    @Test("gzip, attached and detached, with a decompressed byte skip", arguments: TypeOrder.all)
    func gzip(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = RawFixtures.bytes(c.type, c.byteOrder)
        try RawFixtures.write(Array((header(c.type, c.byteOrder, encoding: "gzip") + "\n").utf8)
                              + Deflater.compress(data, gzip: true), to: directory.file("a.nrrd"))
        let attached = try RawVolume.open(directory.file("a.nrrd"))
        #expect(attached.layout.encoding == .deflate)
        #expect(try RawFixtures.mismatches(attached, c.type) == [])

        try RawFixtures.write(header(c.type, c.byteOrder, extra: "byte skip: 9\ndata file: b.raw.gz\n", encoding: "gz"),
                              to: directory.file("b.nhdr"))
        try RawFixtures.write(try Deflater.compress([UInt8](repeating: 1, count: 9) + data, gzip: true), to: directory.file("b.raw.gz"))
        let detached = try RawVolume.open(directory.file("b.nhdr"))
        #expect(detached.layout.decodedSkip == 9)
        #expect(try RawFixtures.mismatches(detached, c.type) == [])
    }

    @Test("gzip read out of order: 70 slices (past several checkpoints), every slice in a shuffled order, twice")
    func gzipRandomAccess() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shape = VolumeShape(width: 6, height: 5, depth: 70)
        let data = RawFixtures.bytes(.uint16, .littleEndian, shape: shape)
        let path = directory.file("long.nrrd")
        // Two gzip members back to back, as pigz or an appended export writes them.
        let half = data.count / 2 + 3
        try RawFixtures.write(Array("NRRD0004\ntype: uint16\ndimension: 3\nsizes: 6 5 70\nendian: little\nencoding: gzip\n\n".utf8)
                              + Deflater.compress(Array(data[..<half]), gzip: true)
                              + Deflater.compress(Array(data[half...]), gzip: true), to: path)
        let volume = try RawVolume.open(path)
        var order = Array(0..<70)
        var generator = SeededGenerator(seed: 7)
        order.shuffle(using: &generator)
        for z in order + order.reversed() {
            let slice = try volume.slice(z)
            let expected = (0..<30).map { Float(RawFixtures.value(.uint16, x: $0 % 6, y: $0 / 6, z: z, shape: shape)) }
            #expect(slice.pixels == expected, "slice \(z)")
        }
        #expect(volume.voxelSizeOrigin == .unknown && volume.voxelSize == VoxelSize(isotropic: 1))
    }

    @Test("a 2-D NRRD is a volume of one slice")
    func twoDimensional() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("slice.nrrd")
        let shape = VolumeShape(width: 5, height: 4, depth: 1)
        try RawFixtures.write(Array("NRRD0004\ntype: uint8\ndimension: 2\nsizes: 5 4\nspacings: 0.2 0.2\nencoding: raw\n\n".utf8)
                              + RawFixtures.bytes(.uint8, .littleEndian, shape: shape), to: path)
        let volume = try RawVolume.open(path)
        #expect(volume.shape == shape)
        #expect(volume.voxelSize == VoxelSize(isotropic: 0.2))
        #expect(try RawFixtures.mismatches(volume, .uint8, shape: shape) == [])
    }
}

/// MetaImage headers written by hand.
@Suite("MetaImage reader")
struct MetaImageReaderTests {
    private func header(_ type: RawElementType, _ order: RawByteOrder, orderKey: String = "BinaryDataByteOrderMSB",
                        extra: String = "", file: String) -> String {
        "ObjectType = Image\nNDims = 3\nBinaryData = True\n\(orderKey) = \(order == .bigEndian ? "True" : "False")\n"
            + "TransformMatrix = 1 0 0 0 1 0 0 0 1\nElementSpacing = 0.034 0.034 0.068\nDimSize = 5 4 3\n"
            + "ElementType = \(RawFixtures.metType(type))\n\(extra)ElementDataFile = \(file)\n"
    }

    @Test(".mhd + .raw, byte order from BinaryDataByteOrderMSB and from ElementByteOrderMSB", arguments: TypeOrder.all)
    func detached(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try RawFixtures.write(RawFixtures.bytes(c.type, c.byteOrder), to: directory.file("cell.raw"))
        for key in ["BinaryDataByteOrderMSB", "ElementByteOrderMSB"] {
            try RawFixtures.write(header(c.type, c.byteOrder, orderKey: key, file: "cell.raw"), to: directory.file("cell.mhd"))
            let volume = try RawVolume.open(directory.file("cell.mhd"))
            #expect(volume.layout.format == .metaImage && volume.layout.byteOrder == c.byteOrder)
            #expect(volume.voxelSize == VoxelSize(x: 0.034, y: 0.034, z: 0.068))
            #expect(try RawFixtures.mismatches(volume, c.type) == [])
        }
    }

    @Test(".mha with LOCAL data, and HeaderSize 11 in a separate file, and HeaderSize -1", arguments: TypeOrder.all)
    func local(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = RawFixtures.bytes(c.type, c.byteOrder)
        try RawFixtures.write(Array(header(c.type, c.byteOrder, file: "LOCAL").utf8) + data, to: directory.file("a.mha"))
        let attached = try RawVolume.open(directory.file("a.mha"))
        #expect(attached.layout.dataPath == directory.file("a.mha"))
        #expect(try RawFixtures.mismatches(attached, c.type) == [])

        try RawFixtures.write([UInt8](repeating: 9, count: 11) + data, to: directory.file("b.dat"))
        try RawFixtures.write(header(c.type, c.byteOrder, extra: "HeaderSize = 11\n", file: "b.dat"), to: directory.file("b.mhd"))
        #expect(try RawFixtures.mismatches(try RawVolume.open(directory.file("b.mhd")), c.type) == [])

        try RawFixtures.write(header(c.type, c.byteOrder, extra: "HeaderSize = -1\n", file: "b.dat"), to: directory.file("c.mhd"))
        let atEnd = try RawVolume.open(directory.file("c.mhd"))
        #expect(atEnd.dataOffset == 11)
        #expect(try RawFixtures.mismatches(atEnd, c.type) == [])
    }

    @Test("CompressedData (zlib): .mha LOCAL and .mhd with CompressedDataSize", arguments: TypeOrder.all)
    func compressed(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stream = try Deflater.compress(RawFixtures.bytes(c.type, c.byteOrder), gzip: false)
        try RawFixtures.write(Array(header(c.type, c.byteOrder, extra: "CompressedData = True\n", file: "LOCAL").utf8) + stream,
                              to: directory.file("a.mha"))
        #expect(try RawFixtures.mismatches(try RawVolume.open(directory.file("a.mha")), c.type) == [])

        try RawFixtures.write(stream, to: directory.file("b.zraw"))
        try RawFixtures.write(header(c.type, c.byteOrder, extra: "CompressedData = True\nCompressedDataSize = \(stream.count)\n",
                                     file: "b.zraw"), to: directory.file("b.mhd"))
        let detached = try RawVolume.open(directory.file("b.mhd"))
        #expect(detached.layout.encoding == .deflate)
        #expect(try RawFixtures.mismatches(detached, c.type) == [])
    }
}
