import CellQATestKit
import Foundation
import Imaging
import Phantom
import Testing
@testable import VolumeIO

/// The NRRD and MetaImage writers, read back by the readers; the bytes checked
/// against the hand encoder of `RawFixtures`.
@Suite("Raw volume writers")
struct RawWriterTests {
    private let voxelSize = VoxelSize(x: 0.034, y: 0.034, z: 0.068)

    private func known(_ type: RawElementType) -> InMemoryVolume {
        let s = RawFixtures.shape
        let slices = (0..<s.depth).map { z in
            GrayImage(width: s.width, height: s.height,
                      pixels: (0..<s.width * s.height).map { Float(RawFixtures.value(type, x: $0 % s.width, y: $0 / s.width, z: z)) })
        }
        return InMemoryVolume(slices: slices, voxelSize: voxelSize)
    }

    enum Target: String, CaseIterable, Sendable {
        case nrrd, nhdr, nrrdGzip, nhdrGzip, mha, mhd, mhaCompressed, mhdCompressed
        var fileName: String {
            switch self {
            case .nrrd, .nrrdGzip: "v.nrrd"
            case .nhdr, .nhdrGzip: "v.nhdr"
            case .mha, .mhaCompressed: "v.mha"
            case .mhd, .mhdCompressed: "v.mhd"
            }
        }
        var compressed: Bool { [.nrrdGzip, .nhdrGzip, .mhaCompressed, .mhdCompressed].contains(self) }
    }

    @Test("written, read back: every voxel, the voxel size, the declared type and order",
          arguments: Target.allCases, TypeOrder.all)
    func roundTrip(_ target: Target, _ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(target.fileName)
        switch target {
        case .nrrd, .nhdr, .nrrdGzip, .nhdrGzip:
            try RawVolumeWriter.writeNRRD(known(c.type), to: path, as: c.type, byteOrder: c.byteOrder, gzip: target.compressed)
        case .mha, .mhd, .mhaCompressed, .mhdCompressed:
            try RawVolumeWriter.writeMetaImage(known(c.type), to: path, as: c.type, byteOrder: c.byteOrder,
                                               compressed: target.compressed)
        }
        let volume = try RawVolume.open(path)
        #expect(volume.layout.elementType == c.type)
        #expect(volume.layout.byteOrder == c.byteOrder || c.type.byteCount == 1)
        #expect(volume.layout.encoding == (target.compressed ? .deflate : .raw))
        #expect(RawFixtures.approximately(volume.voxelSize, voxelSize))
        #expect(try RawFixtures.mismatches(volume, c.type) == [])
        // No temporary file left beside the result.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") } == [])
    }

    @Test("the attached NRRD's data are byte for byte what the hand encoder makes", arguments: TypeOrder.all)
    func bytes(_ c: TypeOrder) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("v.nrrd")
        try RawVolumeWriter.writeNRRD(known(c.type), to: path, as: c.type, byteOrder: c.byteOrder)
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let expected = RawFixtures.bytes(c.type, c.byteOrder)
        #expect(Array(file.suffix(expected.count)) == expected)
        let header = String(decoding: file.prefix(file.count - expected.count), as: UTF8.self)
        #expect(header.hasPrefix("NRRD0004\n") && header.hasSuffix("\n\n"))
        #expect(header.contains("sizes: 5 4 3\n") && header.contains("space directions: (0.034,0,0) (0,0.034,0) (0,0,0.068)\n"))
    }

    @Test("integers are rounded and clamped like RawSlice: 300 → 255, -5 → 0, 2.5 → 3, 70000 → 65535")
    func clamping() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let image = GrayImage(width: 4, height: 1, pixels: [300, -5, 2.5, 70000])
        let volume = InMemoryVolume(slices: [image], voxelSize: voxelSize)
        try RawVolumeWriter.writeNRRD(volume, to: directory.file("a.nrrd"), as: .uint8)
        #expect(try RawVolume.open(directory.file("a.nrrd")).slice(0).pixels == [255, 0, 3, 255])
        try RawVolumeWriter.writeMetaImage(volume, to: directory.file("b.mha"), as: .uint16)
        #expect(try RawVolume.open(directory.file("b.mha")).slice(0).pixels == [300, 0, 3, 65535])
        try RawVolumeWriter.writeMetaImage(volume, to: directory.file("c.mha"), as: .int16)
        #expect(try RawVolume.open(directory.file("c.mha")).slice(0).pixels == [300, -5, 3, 32767])
    }

    @Test("a phantom slice saved as TIFF and as NRRD reads back identical, 8- and 16-bit",
          arguments: [TIFFSampleFormat.uint8, .uint16])
    func phantomTIFFversusNRRD(_ format: TIFFSampleFormat) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var spec = PhantomSpec.nominal.withSeed(3)
        spec.depth = 8
        let phantom = try PhantomVolume(spec: spec.withBitDepth(format == .uint8 ? .eight : .sixteen))
        let slice = try phantom.slice(4)
        try TIFFWriter.write(RawSlice(slice, as: format), to: directory.file("s.tif"))
        try RawVolumeWriter.writeNRRD(InMemoryVolume(slices: [slice], voxelSize: phantom.voxelSize), to: directory.file("s.nrrd"),
                                      as: format == .uint8 ? .uint8 : .uint16, byteOrder: .bigEndian)
        let fromTIFF = try TIFFVolume.open(directory.file("s.tif")).slice(0)
        let fromNRRD = try RawVolume.open(directory.file("s.nrrd")).slice(0)
        #expect(fromTIFF.width == 320 && fromNRRD.width == 320)
        #expect(fromNRRD.pixels == fromTIFF.pixels)
        #expect(fromNRRD.pixels == RawSlice(slice, as: format).gray.pixels)
        // A real image, not a flat one: the can, the roll and the background differ.
        #expect(Set(fromNRRD.pixels).count > 20)
    }

    @Test("PhantomWriter .nrrd and .metaImage layouts: every slice as the TIFF layout would store it, sidecar and truth beside",
          arguments: [PhantomWriter.Layout.nrrd, .metaImage])
    func phantomLayouts(_ layout: PhantomWriter.Layout) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var spec = PhantomSpec.nominal.withSeed(5)
        spec.depth = 6
        let phantom = try PhantomVolume(spec: spec)
        let path = directory.file(layout == .nrrd ? "cell.nrrd" : "cell.mhd")
        let written = try await PhantomWriter.write(phantom, to: path, layout: layout)
        #expect(written.scanPath == path && written.sliceCount == 6)
        #expect(written.truthPath == directory.file("cell.truth.json"))
        #expect(FileManager.default.fileExists(atPath: directory.file("cell.json")))
        let volume = try RawVolume.open(path)
        #expect(volume.layout.format == (layout == .nrrd ? .nrrd : .metaImage) && volume.layout.elementType == .uint8)
        #expect(RawFixtures.approximately(volume.voxelSize, phantom.voxelSize))
        for z in 0..<6 {
            #expect(try volume.slice(z).pixels == RawSlice(try phantom.slice(z), as: .uint8).gray.pixels, "slice \(z)")
        }
    }
}
