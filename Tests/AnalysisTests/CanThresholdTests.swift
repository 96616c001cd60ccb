import Testing
import Imaging
import Phantom
import VolumeIO
import CellQATestKit
@testable import Analysis

/// The automatic can level: midway between air and steel, unless the detector clips
/// the steel below that.
@Suite struct CanThresholdTests {
    @Test func eightBitPhantomGivesTheMidwayLevel() throws {
        // Air 10, can 190 (8-bit reference units): midway 100, the reference's level.
        let spec = PhantomSpec()
        let level = try CanThreshold.automatic(PhantomVolume(spec: spec).slice(spec.depth / 2))
        #expect(abs(level - 100) < 3, "level \(level)")
    }

    @Test func resolvedSteelKeepsTheMidwayLevelBesideBrightCopperFoils() throws {
        // 16-bit with the steel resolved (levels × 250: can 47 500, far below 65 535) and
        // copper foils brighter than midway (170 × 250 = 42 500 on a 12 µm line): the
        // interior's 99.5th percentile clears the midway level, but nothing clips, so the
        // level stays midway ((10 + 190) / 2 × 250 = 25 000) and the wall is not thinned.
        var spec = PhantomSpec()
        spec.bitDepth = .sixteen
        spec.levelScale = 250
        spec.roll.anodeFoilThickness = 0.012
        spec.levels.anodeFoil = 400   // a 12 µm foil covers a fifth of a 0.06 mm pixel: 50 + 0.2·350 = 120
        let level = try CanThreshold.automatic(PhantomVolume(spec: spec).slice(spec.depth / 2))
        #expect(abs(level - 25_000) < 0.03 * 25_000, "level \(level)")
    }

    @Test func clippedSixteenBitCanStaysAboveTheCathodes() throws {
        // 16-bit: levels × 610, the can (190 × 610) clipped at 65535, cathodes at 78 × 610 = 47 580
        // with noise σ 3 × 610 = 1830. Midway air/steel (≈ 35 800) would take the cathodes in;
        // the level must clear them by several σ and stay below the clipped can.
        var spec = PhantomSpec()
        spec.bitDepth = .sixteen
        let image = try PhantomVolume(spec: spec).slice(spec.depth / 2)
        let level = CanThreshold.automatic(image)
        #expect(level > 47_580 + 4 * 1830 && level < 65_535, "level \(level)")
        // The can mask is then the can ring alone: one ring, two contours.
        let contours = MarchingSquares.contours(of: Threshold.mask(image, above: level))
        #expect(contours.count == 2)
    }

    @Test(SharedData.required) func exampleVolumeLevelIsNearTheReference() throws {
        // cell_vol (8-bit): the reference uses 100; air ≈ 5, steel ≈ 190.
        let volume = try TIFFVolume.open(SharedData.path("cell_vol"))
        let level = try CanThreshold.automatic(volume.slice(80))
        #expect(abs(level - 100) < 12, "level \(level)")
    }
}
