import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// Voxel size from TIFF resolution tags and ImageJ descriptions.
@Suite("Voxel size metadata")
struct MetadataTests {
    private func open(_ file: HandMadeTIFF, voxelSize: VoxelSize? = nil) throws -> TIFFVolume {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("slice.tif")
        try file.write(to: path)
        return try TIFFVolume.open(path, voxelSize: voxelSize)
    }

    @Test("ResolutionUnit inch: 2540 px/inch → 0.01 mm")
    func inch() throws {
        let volume = try open(HandMadeTIFF(resolution: (2540, 1, 2)))
        #expect(volume.voxelSizeOrigin == .fileMetadata)
        #expect(abs(volume.voxelSize.x - 0.01) < 1e-9 && abs(volume.voxelSize.z - 0.01) < 1e-9)
    }

    @Test("ResolutionUnit cm: 294.377 px/cm → 0.03397 mm")
    func centimetre() throws {
        let volume = try open(HandMadeTIFF(resolution: (294_377, 1000, 3)))
        // 10 / 294.377 = 0.0339700…; libtiff hands the rational over as a Float (1e-7 relative).
        #expect(abs(volume.voxelSize.x - 0.03397) < 1e-7)
    }

    @Test("ResolutionUnit none (what tifffile writes): unknown, 1 mm = pixel units")
    func noUnit() throws {
        let volume = try open(HandMadeTIFF(resolution: (1, 1, 1)))
        #expect(volume.voxelSizeOrigin == .unknown)
        #expect(volume.voxelSize == VoxelSize(isotropic: 1))
    }

    @Test("ImageJ: unit=micron, 1/33.97 px per micron, spacing=67.94 → 0.03397 × 0.06794 mm")
    func imageJ() throws {
        let volume = try open(HandMadeTIFF(imageDescription: "ImageJ=1.54f\nunit=micron\nspacing=67.94\n",
                                           resolution: (100, 3397, 1)))
        #expect(volume.voxelSizeOrigin == .fileMetadata)
        #expect(abs(volume.voxelSize.x - 0.03397) < 1e-7)
        #expect(abs(volume.voxelSize.z - 0.06794) < 1e-9)
    }

    @Test("the argument overrides the file")
    func override() throws {
        let volume = try open(HandMadeTIFF(resolution: (2540, 1, 2)), voxelSize: VoxelSize(x: 0.5, y: 0.5, z: 1))
        #expect(volume.voxelSizeOrigin == .argument)
        #expect(volume.voxelSize == VoxelSize(x: 0.5, y: 0.5, z: 1))
    }

    @Test("an ImageJ >4 GiB stack (images=5, one directory) is refused, not read as 1 slice")
    func imageJContiguousStack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("stack.tif")
        try HandMadeTIFF(imageDescription: "ImageJ=1.54f\nimages=5\nslices=5\n").write(to: path)
        guard case .unsupportedFormat(_, _, let detail) = try? #require(throws: VolumeIOError.self, performing: {
            try TIFFVolume.open(path)
        }) else { Issue.record("expected .unsupportedFormat"); return }
        #expect(detail.contains("ImageJ stack of 5 images"))
    }
}

@Suite("Scanner sidecar")
struct SidecarTests {
    @Test(".xtekct in a slice folder gives the voxel size, above the TIFF tags; the argument above both")
    func xtekct() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try TIFFWriter.writeFolder((0..<3).map { TestImages.pattern(.uint8, width: 16, height: 16, seed: $0) },
                                   to: directory.path, options: TIFFWriteOptions(voxelSize: VoxelSize(isotropic: 0.2)))
        let sidecar = "[XTekCT]\r\nName=cell42\r\nVoxelSizeX=0.03397\r\nVoxelSizeY=0.03397\r\nVoxelSizeZ=0.06794\r\nVoxelsX=728\r\n"
        try Data(sidecar.utf8).write(to: directory.url.appendingPathComponent("cell42.xtekct"))
        let volume = try TIFFVolume.open(directory.path)
        #expect(volume.voxelSizeOrigin == .scannerSidecar)
        #expect(volume.voxelSize == VoxelSize(x: 0.03397, y: 0.03397, z: 0.06794))
        #expect(volume.voxelSizeSource == directory.file("cell42.xtekct"))
        #expect(try TIFFVolume.open(directory.path, voxelSize: VoxelSize(isotropic: 0.1)).voxelSize == VoxelSize(isotropic: 0.1))
        // Without the sidecar the tags (0.2 mm, written as 50 px/cm) apply.
        try FileManager.default.removeItem(atPath: directory.file("cell42.xtekct"))
        let tagged = try TIFFVolume.open(directory.path)
        #expect(tagged.voxelSizeOrigin == .fileMetadata)
        #expect(abs(tagged.voxelSize.x - 0.2) < 1e-7)
    }
}
