import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// Reads every file of the reference example data and compares with numbers
/// computed independently by Python tifffile 2026.3.3 + NumPy
/// (`tifffile.imread(f).astype(np.int64).sum()` and friends, run once by hand,
/// script in the report of the branch `io`). Sums of exact integer samples must
/// match exactly (Float holds every 8/16-bit value exactly; sums are in Int).
@Suite("Example data", SharedData.required)
struct ExampleDataTests {
    private func sum(_ image: GrayImage) -> Int {
        image.pixels.reduce(0) { $0 + Int($1) }
    }

    @Test("cell_vol: 100 slices of 728×728 8-bit, sums of slices 1, 50, 75, 100 and the total")
    func cellVolume() throws {
        let volume = try TIFFVolume.open(SharedData.path("cell_vol"))
        #expect(volume.shape == VolumeShape(width: 728, height: 728, depth: 100))
        #expect(volume.sampleFormat == .uint8)
        #expect(volume.photometric == .minIsBlack)
        #expect(volume.byteOrder == .littleEndian)
        #expect(volume.compression == .none)
        // tifffile writes XResolution 1/1 with ResolutionUnit NONE: no physical size.
        #expect(volume.voxelSizeOrigin == .unknown)
        #expect((volume.pages[9].path as NSString).lastPathComponent == "im010.tif")
        // tifffile: s[0]=450364, s[49]=16118168, s[74]=17730759, s[99]=18937348, total 1467678185.
        #expect(sum(try volume.slice(0)) == 450_364)
        #expect(sum(try volume.slice(49)) == 16_118_168)
        #expect(sum(try volume.slice(74)) == 17_730_759)
        #expect(sum(try volume.slice(99)) == 18_937_348)
        // tifffile: v[49, 364, 360:368] = [24 20 23 24 25 23 22 26]
        let slice50 = try volume.slice(49)
        #expect((360..<368).map { slice50[364, $0] } == [24, 20, 23, 24, 25, 23, 22, 26])
    }

    @Test("cell_vol: total of all 100 slices, read in parallel")
    func cellVolumeTotal() async throws {
        let volume = try TIFFVolume.open(SharedData.path("cell_vol"), voxelSize: VoxelSize(x: 0.03397, y: 0.03397, z: 0.06794))
        #expect(volume.voxelSizeOrigin == .argument)
        #expect(volume.voxelSize.z == 0.06794)
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<volume.shape.depth {
                group.addTask { sum(try volume.slice(index)) }
            }
            return try await group.reduce(0, +)
        }
        // tifffile: sum over the stacked (100, 728, 728) uint8 array = 1467678185.
        #expect(total == 1_467_678_185)
    }

    @Test("im_1.tif: 576×576 16-bit little-endian")
    func slice16Bit() throws {
        let volume = try TIFFVolume.open(SharedData.path("im_1.tif"))
        #expect(volume.shape == VolumeShape(width: 576, height: 576, depth: 1))
        #expect(volume.sampleFormat == .uint16)
        #expect(volume.byteOrder == .littleEndian)
        let image = try volume.slice(0)
        // tifffile: sum 9059820191, a[288,288]=9496, a[100,200]=41856, max 65535.
        #expect(sum(image) == 9_059_820_191)
        #expect(image[288, 288] == 9496)
        #expect(image[100, 200] == 41856)
        #expect(image.pixels.max() == 65535)
        guard case .uint16(let raw) = try volume.rawSlice(0) else {
            Issue.record("expected 16-bit raw samples"); return
        }
        #expect(raw[100, 200] == 41856)
    }

    @Test("mask_1.tif: 576×576 8-bit big-endian (ImageJ)")
    func bigEndianMask() throws {
        let volume = try TIFFVolume.open(SharedData.path("mask_1.tif"))
        #expect(volume.shape == VolumeShape(width: 576, height: 576, depth: 1))
        #expect(volume.sampleFormat == .uint8)
        #expect(volume.byteOrder == .bigEndian)
        #expect(volume.photometric == .minIsBlack)
        // ImageJ description has "unit= " (blank): no physical size.
        #expect(volume.voxelSizeOrigin == .unknown)
        let image = try volume.slice(0)
        // tifffile: values {0, 255}, 76433 pixels of 255, sum 19490415.
        #expect(sum(image) == 19_490_415)
        #expect(image.pixels.filter { $0 == 255 }.count == 76_433)
        #expect(image.pixels.allSatisfy { $0 == 0 || $0 == 255 })
    }

    @Test("ellipse_dent.tif: 1-bit WhiteIsZero, stored bits returned as tifffile does")
    func oneBitWhiteIsZero() throws {
        let volume = try TIFFVolume.open(SharedData.path("ellipse_dent.tif"))
        #expect(volume.shape == VolumeShape(width: 576, height: 576, depth: 1))
        #expect(volume.sampleFormat == .uint1)
        #expect(volume.photometric == .whiteIsZero)
        #expect(volume.displayInverted)
        let image = try volume.slice(0)
        // tifffile: bool array, 9333 True (stored bit 1 = can wall), first True at (55, 282).
        #expect(sum(image) == 9333)
        #expect(image[55, 282] == 1)
        #expect(image[55, 281] == 0)
        #expect(image[288, 288] == 0)
        guard case .bit(let mask) = try volume.rawSlice(0) else {
            Issue.record("expected 1-bit raw samples"); return
        }
        #expect(mask.pixels.filter { $0 }.count == 9333)
        // displaySlice applies WhiteIsZero: the complement.
        #expect(sum(try volume.displaySlice(0)) == 576 * 576 - 9333)
    }
}
