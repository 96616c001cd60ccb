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

    /// The can of `image` measured at `level` (sub-pixel edges), against the phantom's truth.
    static func canError(_ image: GrayImage, level: Float, truth: PhantomTruth) throws -> (outer: Double, wall: Double) {
        let r = try CanSliceAnalysis.analyze(image: image, segmentation: .fixed(level), pixelSizeMM: truth.voxelSize.x,
                                             options: CanSliceOptions(seedCount: 1, innerContour: .largestHole))
        let wall = try #require(r.contourThickness).meanPx
        return (r.outerDiameterPx - truth.can.outerEquivalentDiameter.px, wall - truth.can.wallThickness.px)
    }

    @Test func unclippedSixteenBitWhoseNoiseReachesFullScaleKeepsTheMidwayLevel() throws {
        // 16-bit, levels × 340: the can at 190 × 340 = 64 600, below 65 535, noise σ 8 × 340 = 2720.
        // About a third of the steel pixels reach full scale through the noise, so nearly every
        // wall window's maximum sits there, yet the steel's median (64 600) does not: nothing
        // clips. Copper foils (12 µm at 400: ≈ 120 × 340 = 40 800) put the interior's 99.5th
        // percentile above midway; a raised level ((brightest + 65 535) / 2 ≈ 55 000, 0.84 of the
        // edge) would move both edges of the 5 px wall by a third of a pixel: wall and diameter
        // then read ≈ 0.7 px small. Midway keeps both within 0.25 px of the truth.
        var spec = PhantomSpec()
        spec.bitDepth = .sixteen
        spec.levelScale = 340
        spec.quality.noiseSigma = 8
        spec.roll.anodeFoilThickness = 0.012
        spec.levels.anodeFoil = 400
        let volume = try PhantomVolume(spec: spec)
        let image = try volume.slice(spec.depth / 2)
        let levels = CanThreshold.levels(image)
        let (outer, wall) = try Self.canError(image, level: levels.edge, truth: volume.truth)
        #expect(abs(outer) < 0.25, "outer diameter off by \(outer) px at level \(levels.edge)")
        #expect(abs(wall) < 0.25, "wall off by \(wall) px at level \(levels.edge)")
    }

    @Test func clippedSteelAndClippedFoilsStillGiveACanLevelBelowFullScale() throws {
        // 16-bit, levels × 610: the can (190 × 610) clips, and so do the copper foils (30 µm at
        // 400 cover half a 0.06 mm pixel: 50 + 0.5 · 350 = 225 × 610): no grey level tells those
        // foil pixels from the steel. The level must stay between the unclipped electrodes and
        // the clipped steel (not at 65 535, where the mask is empty), and the can measured there
        // must match the truth: the clipped steel's edge is where the true steel (115 900) is
        // more than half covered, so within half a pixel.
        var spec = PhantomSpec()
        spec.bitDepth = .sixteen
        spec.roll.anodeFoilThickness = 0.03
        spec.levels.anodeFoil = 400
        let volume = try PhantomVolume(spec: spec)
        let image = try volume.slice(spec.depth / 2)
        let levels = CanThreshold.levels(image)
        #expect(levels.separation < 65_535 && levels.edge < 65_535, "levels \(levels)")
        let (outer, wall) = try Self.canError(image, level: levels.edge, truth: volume.truth)
        #expect(abs(outer) < 0.5, "outer diameter off by \(outer) px at level \(levels.edge)")
        #expect(abs(wall) < 0.5, "wall off by \(wall) px at level \(levels.edge)")
    }

    @Test(SharedData.required) func exampleVolumeLevelIsNearTheReference() throws {
        // cell_vol (8-bit): the reference uses 100; air ≈ 5, steel ≈ 190.
        let volume = try TIFFVolume.open(SharedData.path("cell_vol"))
        let level = try CanThreshold.automatic(volume.slice(80))
        #expect(abs(level - 100) < 12, "level \(level)")
    }
}
