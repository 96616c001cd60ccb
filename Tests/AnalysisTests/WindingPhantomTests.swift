import Analysis
import CellQATestKit
import Imaging
import Phantom
import Testing

/// The winding analysis on synthetic cells whose spiral is known exactly
/// (Phantom: Archimedean cathode strip, pitch 0.72 mm = 12 px at 0.06 mm/px).
@Suite struct WindingPhantomTests {
    /// A slice well inside the roll (the roll top is at slice 16 of 48).
    static let slice = 40

    static func analyse(_ spec: PhantomSpec, electrode: ThresholdChoice? = nil) throws -> (WindingSliceAnalysis, PhantomTruth) {
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        let image = try volume.slice(slice)
        let segmentation = try WindingSegmentation(image: image, options: .init(
            canThreshold: .fixed(Float(truth.thresholds.canReference)),
            electrodeThreshold: electrode ?? .fixed(Float(truth.thresholds.electrodeReference))))
        let centre = WindingCentre(truncatingRow: truth.winding.centre.row, col: truth.winding.centre.col)
        var options = WindingOptions()
        options.pixelSizeMM = spec.voxelSize.x
        options.buckleThresholdMM = 2 * spec.voxelSize.x   // 2 px: nominal layers stay below 0.2 px
        let analysis = try WindingSliceAnalysis(mask: segmentation.electrode, centre: centre, options: options)
        return (analysis, truth)
    }

    /// Phantom cathode centre line of turn `k` (φ counted from the start angle) at angle θ, px.
    static func cathodeRadius(turn k: Int, at theta: Double, _ truth: PhantomTruth) -> Double {
        let w = truth.winding
        let fraction = (theta - w.startAngleDegrees + 720).truncatingRemainder(dividingBy: 360) / 360
        return w.innerRadius.px + w.pitch.px / 2 + w.pitch.px * (Double(k) + fraction)
    }

    @Test func nominalSpiralHasTheKnownLayersAndFitsThemWithinOnePixelAndAHalf() throws {
        let (analysis, truth) = try Self.analyse(PhantomSpec.nominal)
        let details = analysis.report.details
        // Ground truth: the phantom's count of cathode pieces between seam crossings above 64 px.
        #expect(details.fittedLayerCount == truth.winding.expectedLayerCount)
        for layer in details.layers where layer.isFitted {
            #expect(layer.maxAbsErrorPx! < 1.5, "layer \(layer.index): MaxAE \(layer.maxAbsErrorPx!) px")
            // Slope: pitch / 360 px per degree (0.0333 for 12 px per turn), within 10 %.
            #expect(abs(layer.slope! - truth.winding.slopePxPerDegree) < 0.1 * truth.winding.slopePxPerDegree,
                    "layer \(layer.index): slope \(layer.slope!)")
        }
        #expect(details.buckledLayers.isEmpty)
        #expect(details.defects.filter { $0.kind != .fragment }.isEmpty, "\(details.defects)")
        let pitch = try #require(details.pitchPx)
        #expect(abs(pitch - truth.winding.pitch.px) < 0.5, "pitch \(pitch) px vs \(truth.winding.pitch.px)")
    }

    /// The automatic electrode threshold (Otsu inside the can) finds the same layers
    /// on a noisy phantom (SNR 8) as the reference threshold.
    @Test func automaticThresholdFindsTheSameLayers() throws {
        let (analysis, truth) = try Self.analyse(PhantomSpec.nominal.withSNR(8), electrode: .otsuInsideCan)
        let details = analysis.report.details
        #expect(details.fittedLayerCount == truth.winding.expectedLayerCount)
        for layer in details.layers where layer.isFitted {
            #expect(layer.maxAbsErrorPx! < 1.5, "layer \(layer.index): MaxAE \(layer.maxAbsErrorPx!) px")
        }
    }

    /// Buckles of 3 and 6 px (60° wide, at 120°) on cathode turns 5 and 6. Larger
    /// amplitudes would push a turn into the next one (pitch 12 px, cathode 4 px).
    @Test(arguments: [3.0, 6.0])
    func buckleIsFoundInTheBuckledLayersOnly(amplitudePx: Double) throws {
        let spec = PhantomSpec.nominal
        let buckledTurns = [5, 6], angle = 120.0
        let (analysis, truth) = try Self.analyse(spec.withBuckle(
            layers: buckledTurns, amplitude: amplitudePx * spec.voxelSize.x, angleDegrees: angle, widthDegrees: 60))
        let details = analysis.report.details
        var found: [Int] = []
        for layer in details.layers where layer.isFitted {
            // The piece holds a buckled turn at the buckle angle if its line passes there.
            let atBuckle = layer.intercept! + layer.slope! * angle
            let isBuckled = buckledTurns.contains {
                abs(Self.cathodeRadius(turn: $0, at: angle, truth) - atBuckle) < truth.winding.pitch.px / 2
            }
            if isBuckled {
                // The method under-reads the peak: the chunk mean (≈10° of arc) smooths
                // it and the line is pulled toward the bump (measured 5.1 px for A = 6).
                #expect(abs(layer.maxAbsErrorPx! - amplitudePx) < 1.0,
                        "layer \(layer.index): MaxAE \(layer.maxAbsErrorPx!) px vs \(amplitudePx)")
                #expect(abs(layer.worstAngle! - angle) < 10, "worst angle \(layer.worstAngle!)")
                found.append(layer.index)
            } else {
                #expect(layer.maxAbsErrorPx! < 0.5, "unbuckled layer \(layer.index): MaxAE \(layer.maxAbsErrorPx!) px")
            }
        }
        #expect(found.count == buckledTurns.count)
        #expect(Set(details.buckledLayers) == Set(found))
        #expect(details.worst.map { found.contains($0.layer) } == true)
    }

    /// The rays read the mask's own structure whatever the labels: on the nominal
    /// body slice the cathode pitch (truth 12 px), its thickness (truth 4 px) and
    /// one crossing per turn (truth 8 turns).
    @Test func raysReadThePitchThicknessAndTurnsOfTheMask() throws {
        let (analysis, truth) = try Self.analyse(PhantomSpec.nominal)
        let radial = try #require(analysis.report.details.radial)
        let pitch = try #require(radial.pitchPx), thickness = try #require(radial.thicknessPx)
        #expect(abs(pitch - truth.winding.pitch.px) <= 0.5, "pitch \(pitch) px vs \(truth.winding.pitch.px)")
        #expect(abs(thickness - truth.winding.cathodeThickness.px) <= 1, "thickness \(thickness) px")
        #expect(radial.layersPerRay == truth.winding.turnsPerStrip)
    }

    /// Coarse voxels as in the validation lot's 0.045–0.06 mm cells (seed 1, C0040, C0129):
    /// pitch 0.36 mm (6 px), separators 0.02 mm (a third of a pixel) blurred away, the
    /// cathode 0.12 mm (2 px). Otsu inside the can then splits the void (hole, gap) from
    /// the whole roll (the level fell below the anode, 50, and the electrode mask was the
    /// roll in one piece), and `star(1)` erases 2 px layers (the mask came out empty).
    /// The level must fall between anode (50) and cathode (78), and the mask must hold one
    /// cathode crossing per turn at the phantom's pitch.
    @Test func coarseVoxelsWithUnresolvedSeparatorsStillGiveTheCathodeLayers() throws {
        var spec = PhantomSpec.nominal
        spec.roll.pitch = 0.36
        spec.roll.anodeThickness = 0.20
        spec.roll.cathodeThickness = 0.12
        spec.roll.separatorMargin = 0.03
        spec.roll.turns = 16
        spec.quality.blurSigma = 0.7
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        let image = try volume.slice(Self.slice)
        let level = try WindingSegmentation.otsuInsideCan(image, can: Threshold.mask(image, above: Float(truth.thresholds.canReference)))
        #expect(level > Float(truth.levels.anode) && level < Float(truth.levels.cathode), "electrode level \(level)")
        var segmentationOptions = WindingSegmentation.Options(canThreshold: .fixed(Float(truth.thresholds.canReference)),
                                                              electrodeThreshold: .fixed(level))
        segmentationOptions.openingFitsLayers = true
        let segmentation = try WindingSegmentation(image: image, options: segmentationOptions)
        #expect(segmentation.opening != .star, "star(1) kept most of a 2 px layer")
        var options = WindingOptions()
        options.pixelSizeMM = spec.voxelSize.x
        let centre = WindingCentre(truncatingRow: truth.winding.centre.row, col: truth.winding.centre.col)
        let analysis = try WindingSliceAnalysis(mask: segmentation.electrode, centre: centre, options: options)
        let radial = try #require(analysis.report.details.radial)
        let pitch = try #require(radial.pitchPx)
        #expect(abs(pitch - truth.winding.pitch.px) <= 0.5, "pitch \(pitch) px vs \(truth.winding.pitch.px)")
        #expect(radial.layersPerRay == truth.winding.turnsPerStrip, "\(radial.layersPerRay) layers per ray; \(segmentation.opening), \(segmentation.electrode.trueCount) px; \(radial)")
    }

    /// Seed 1, slice 16 (the cathode ends there), with Otsu of this slice alone:
    /// the level (41) falls below the anode (50), both strips pass and bridge into
    /// one label of most of the roll, whose line fit reads 12.4 px (0.74 mm) —
    /// a "buckle" the phantom does not have (truth: none). The analysis must see
    /// its labelling broke: rays show half the pitch (both strips, 6 px), that
    /// label's chunks are far thicker than one layer, it is excluded, and with
    /// too little left the slice's MaxAE is not measured (never a buckle).
    @Test func mergedLabelIsExcludedAndTheSliceIsNotMeasured() throws {
        let spec = PhantomSpec.nominal
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        #expect(truth.winding.buckles.isEmpty)
        let segmentation = try WindingSegmentation(image: try volume.slice(16), options: .init(
            canThreshold: .fixed(Float(truth.thresholds.canReference)), electrodeThreshold: .otsuInsideCan))
        #expect(segmentation.electrodeThreshold < Float(truth.levels.anode), "level \(segmentation.electrodeThreshold)")
        var options = WindingOptions()
        options.pixelSizeMM = spec.voxelSize.x
        let centre = WindingCentre(truncatingRow: truth.winding.centre.row, col: truth.winding.centre.col)
        let report = try WindingSliceAnalysis(mask: segmentation.electrode, centre: centre, options: options).report
        let details = report.details
        let pitch = try #require(details.radial?.pitchPx)
        #expect(abs(pitch - truth.winding.pitch.px / 2) <= 0.5, "pitch along rays \(pitch) px")
        let biggest = try #require(details.layers.max { $0.pixelCount < $1.pixelCount })
        #expect(biggest.maxAbsErrorPx! > options.buckleThresholdPx, "the merged label would read as a buckle")
        #expect(details.excludedLayers.contains(biggest.index))
        #expect(details.defects.contains { $0.layer == biggest.index && $0.kind == .mergedTurns })
        #expect(details.measuredPixelFraction < options.minMeasuredFraction)
        #expect(!report.measurements.contains { $0.id == .windingMaxAbsError })
        let u = try #require(report.unmeasured.first { $0.id == .windingMaxAbsError })
        #expect(u.code == "winding.layers_merged")
        #expect(details.buckledLayers.isEmpty)
    }

    /// `winding.max_radial_excursion_mm` against the truth: the nominal spiral is
    /// the model (excursion < 0.5 px), and a buckle of A px on turns 2 and 3 reads
    /// A within 1 px whether it is 40° wide or 180° (half the layer's arc, where the
    /// per-layer line follows it: MaxAE reads well under A), at the truth angle.
    @Test(arguments: [(0.0, 40.0), (3.0, 40.0), (6.0, 40.0), (6.0, 180.0)])
    func excursionFromTheRollsSpiralReadsTheBuckleAmplitude(amplitudePx: Double, widthDegrees: Double) throws {
        let spec = PhantomSpec.nominal
        let angle = 150.0
        let buckled = amplitudePx == 0 ? spec
            : spec.withBuckle(layers: [2, 3], amplitude: amplitudePx * spec.voxelSize.x, angleDegrees: angle,
                              widthDegrees: widthDegrees)
        let (analysis, truth) = try Self.analyse(buckled)
        let excursion = try #require(analysis.report.details.excursion)
        let expected = truth.winding.buckles.first.map { $0.amplitude.px } ?? 0
        let tolerance = expected == 0 ? 0.5 : 1.0
        #expect(abs(excursion.maxPx - expected) < tolerance, "excursion \(excursion.maxPx) px vs truth \(expected) px")
        if expected > 0 {
            #expect(abs(excursion.angleDeg - angle) < widthDegrees / 4, "at \(excursion.angleDeg)°")
        }
        let mm = try #require(analysis.report.measurements.first { $0.id == .windingMaxRadialExcursion })
        #expect(abs(mm.value - excursion.maxPx * spec.voxelSize.x) < 1e-12)
    }
}
