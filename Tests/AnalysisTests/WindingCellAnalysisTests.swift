import Analysis
import CellQATestKit
import Imaging
import Phantom
import Testing

@Suite struct WindingCellAnalysisTests {
    /// Buckle of 6 px on cathode turns 5–6 only in slices 30…40 of a 48-slice phantom:
    /// the whole-cell run must find it there, and only there.
    @Test func worstSliceIsInsideTheBuckledRange() async throws {
        let spec = PhantomSpec.nominal.withBuckle(layers: [5, 6], amplitude: 6 * 0.06, angleDegrees: 200,
                                                  widthDegrees: 60, axialRange: (30 * 0.06)...(40 * 0.06))
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        var options = WindingCellAnalysis.Options()
        options.first = 20
        options.step = 4                       // slices 20, 24, …, 44
        options.winding.pixelSizeMM = 0.06
        options.winding.buckleThresholdMM = 2 * 0.06
        options.segmentation = .init(canThreshold: .fixed(Float(truth.thresholds.canReference)),
                                     electrodeThreshold: .fixed(Float(truth.thresholds.electrodeReference)))
        let centre = WindingCentre(truncatingRow: truth.winding.centre.row, col: truth.winding.centre.col)
        let cell = try await WindingCellAnalysis(source: volume, options: options) { _, _ in centre }
        let details = cell.report.details
        let slices = try #require(details.slices)
        #expect(slices.map(\.slice) == [20, 24, 28, 32, 36, 40, 44])
        #expect(slices.allSatisfy { $0.error == nil })
        for s in slices {
            let inBuckle = (30...40).contains(s.slice)
            // Buckled slices: MaxAE ≈ 5.1 px (see WindingPhantomTests); others < 0.5 px.
            #expect(inBuckle ? s.maxAbsErrorPx! > 4 : s.maxAbsErrorPx! < 0.5, "slice \(s.slice): \(s.maxAbsErrorPx!)")
            #expect(s.buckledLayerCount == (inBuckle ? 2 : 0))
        }
        let worst = try #require(details.worst)
        #expect((30...40).contains(worst.slice!))
        #expect(abs(worst.angleDeg - 200) < 10)
        let byID = Dictionary(uniqueKeysWithValues: cell.report.measurements.map { ($0.id, $0.value) })
        #expect(byID[.windingLayerCount] == Double(truth.winding.expectedLayerCount))
        #expect(byID[.windingBuckledLayerCount] == 2)
        #expect(abs(byID[.windingMaxAbsError]! / 0.06 - 6) < 1.0)
    }

    /// Both strips of turns 4–5 pushed out by 1.4 pitches over 50° along the whole cell
    /// (as lot seed 1's C0017, whose 0.476 mm buckle read 0.124 mm from the layers left):
    /// the pushed turns run into the next ones, their labels are left out as broken, and
    /// the excursion of what is left cannot vouch for them: unmeasured, with the slices
    /// named, never a pass, and reported only as a lower bound. The same cell without the buckle keeps every layer and
    /// measures its excursion below a pixel.
    @Test func excursionIsUnmeasuredWhereLayersWereLeftOut() async throws {
        let nominal = PhantomSpec.nominal
        let amplitude = 1.4 * nominal.roll.pitch
        let buckled = nominal
            .withBuckle(strip: .anode, layers: [4, 5], amplitude: amplitude, angleDegrees: 200, widthDegrees: 50)
            .withBuckle(strip: .cathode, layers: [4, 5], amplitude: amplitude, angleDegrees: 200, widthDegrees: 50)
        func run(_ spec: PhantomSpec) async throws -> AnalysisReport<WindingDetails> {
            let volume = try PhantomVolume(spec: spec)
            let truth = volume.truth
            var options = WindingCellAnalysis.Options()
            options.first = 20
            options.step = 8                   // slices 20, 28, 36, 44
            options.winding.pixelSizeMM = spec.voxelSize.x
            options.segmentation = .init(canThreshold: .fixed(Float(truth.thresholds.canReference)),
                                         electrodeThreshold: .fixed(Float(truth.thresholds.electrodeReference)))
            let centre = WindingCentre(truncatingRow: truth.winding.centre.row, col: truth.winding.centre.col)
            return try await WindingCellAnalysis(source: volume, options: options) { _, _ in centre }.report
        }
        let plain = try await run(nominal)
        let excursion = try #require(plain.measurements.first { $0.id == .windingMaxRadialExcursion })
        #expect(excursion.value < nominal.voxelSize.x, "nominal excursion \(excursion.value) mm")
        #expect(try #require(plain.details.slices).allSatisfy { $0.excludedLayerCount == 0 })

        let report = try await run(buckled)
        let slices = try #require(report.details.slices)
        #expect(slices.contains { $0.excludedLayerCount > 0 && $0.unmeasuredCode == nil },
                "excluded per slice: \(slices.map(\.excludedLayerCount))")
        // The rest's excursion stays, as a lower bound only.
        let bound = try #require(report.measurements.first { $0.id == .windingMaxRadialExcursion })
        #expect(bound.bound == .lower)
        let unmeasured = try #require(report.unmeasured.first { $0.id == .windingMaxRadialExcursion })
        #expect(unmeasured.code == WindingCellAnalysis.layersExcluded)
        #expect(unmeasured.reason.contains("slice "))
    }

    /// Anode coating (44) well above the separator (30), separators one pixel wide: the
    /// scan's Otsu level passes both electrode families and partial volume bridges the
    /// turns through the separators (layers merged, nothing measured); the level inside
    /// the brighter class keeps the cathodes alone, a whole anode apart, and measures the
    /// nominal spiral within a pixel.
    @Test func brighterClassLevelSeparatesTurnsTheFirstLevelMerged() async throws {
        var spec = PhantomSpec.nominal
        // The levels and proportions of lot seed 1's C0005 (16-bit, 0.0245 mm), at 0.06 mm.
        (spec.levels.void, spec.levels.separator, spec.levels.anode, spec.levels.cathode) = (14, 30, 44, 63)
        spec.roll.separatorMargin = 0.06
        spec.roll.anodeThickness = 0.36
        spec.roll.cathodeThickness = 0.24
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        let canLevel = Float(truth.thresholds.canReference)
        var options = WindingCellAnalysis.Options()
        options.first = 24
        options.step = 8
        options.last = 40
        options.winding.pixelSizeMM = spec.voxelSize.x
        options.segmentation = .init(canThreshold: .fixed(canLevel),
                                     electrodeThreshold: try WindingSegmentation.scanLevel(slice: 32, of: volume, canThreshold: canLevel))
        options.segmentation.openingFitsLayers = true
        guard case .automatic(let first, _) = options.segmentation.electrodeThreshold else { Issue.record("not automatic"); return }
        #expect(Double(first) < spec.levels.anode, "first level \(first)")
        let centre = WindingCentre(truncatingRow: truth.winding.centre.row, col: truth.winding.centre.col)
        let merged = try await WindingCellAnalysis(source: volume, options: options) { _, _ in centre }.report
        #expect(merged.unmeasured.contains { $0.code == "winding.layers_merged" })

        let inner = try #require(try WindingSegmentation.brighterClassLevel(slice: 32, of: volume, canThreshold: canLevel, above: first))
        guard case .automatic(let level, _) = inner else { Issue.record("not automatic"); return }
        #expect(Double(level) > spec.levels.anode && Double(level) < spec.levels.cathode, "inner level \(level)")
        options.segmentation.electrodeThreshold = inner
        let clean = try await WindingCellAnalysis(source: volume, options: options) { _, _ in centre }.report
        #expect(clean.unmeasured.isEmpty, "\(clean.unmeasured.map(\.code))")
        let excursion = try #require(clean.measurements.first { $0.id == .windingMaxRadialExcursion })
        #expect(excursion.value < spec.voxelSize.x && excursion.bound == nil, "excursion \(excursion.value) mm")
    }
}
