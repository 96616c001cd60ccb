import Foundation
import Testing
import Imaging
@testable import Analysis

/// ``EndCoverage`` against hand-worked numbers, and the verdict it leads to.
@Suite("Overhang end coverage")
struct EndCoverageTests {
    /// The anode layers of a spiral `r = 2 + 0.3·(k + φ/360°)` (pitch 0.3 mm, turns
    /// `0..<turns`, winding `sense`) as 36 sections 5° apart see them: on each section's
    /// positive half at φ = θ, on its negative half at φ = θ + 180°.
    static func spiral(turns: Int, sense: Double = 1) -> [(turn: Int, position: EndCoverage.Position)] {
        (0..<36).flatMap { i -> [(Int, EndCoverage.Position)] in
            let theta = 5 * Double(i)
            return (0..<turns).flatMap { k -> [(Int, EndCoverage.Position)] in
                let positive = 2 + 0.3 * (Double(k) + sense * theta / 360)
                let negative = 2 + 0.3 * (Double(k) + sense * (theta + 180) / 360)
                return [(k, .init(radialMM: positive, angleDegrees: theta)), (k, .init(radialMM: -negative, angleDegrees: theta))]
            }
        }
    }

    @Test("Layers are assigned to their turns, either winding sense; a turn with no measured end is named")
    func turns() {
        for sense in [1.0, -1.0] {
            let layers = Self.spiral(turns: 5, sense: sense)
            // Every other end measured on turns 0-3, none on turn 4.
            let measured = layers.enumerated().filter { $0.element.turn < 4 && $0.offset % 2 == 0 }.map(\.element.position)
            let coverage = EndCoverage(seen: layers.map(\.position), measured: measured, sections: 36, pitchMM: 0.3)
            #expect(coverage.turns.map(\.seen) == [72, 72, 72, 72, 72], "sense \(sense)")
            #expect(coverage.turns.map(\.measured) == [36, 36, 36, 36, 0], "sense \(sense)")
            #expect(!coverage.coversTheRoll)
            // Turn 4's mean radius: 2 + 0.3·(4 ± mean φ/360°), mean φ = (87.5° + 267.5°)/2 = 177.5°.
            let outer = coverage.unmeasuredTurns.map(\.radiusMM)
            #expect(outer.count == 1 && abs(outer[0] - (sense > 0 ? 2 + 0.3 * (4 + 177.5 / 360) : 2 + 0.3 * (4 - 177.5 / 360))) <= 1e-9)
            // One end of turn 4 measured: every turn reached.
            let one = EndCoverage(seen: layers.map(\.position), measured: measured + [layers.first { $0.turn == 4 }!.position],
                                  sections: 36, pitchMM: 0.3)
            #expect(one.coversTheRoll)
        }
        // A part-turn seen in fewer than half the section halves is not required.
        let partial = Self.spiral(turns: 3) + [(3, EndCoverage.Position(radialMM: 2.95, angleDegrees: 0))]
        let coverage = EndCoverage(seen: partial.map(\.position), measured: Self.spiral(turns: 3).map(\.position),
                                   sections: 36, pitchMM: 0.3)
        #expect(coverage.turns.last?.seen == 1 && coverage.turns.last?.measured == 0)
        #expect(coverage.coversTheRoll)
        // Nothing seen: nothing covered.
        #expect(!EndCoverage(turns: [], halves: 0).coversTheRoll)
    }

    @Test("Too few ends, none negative: the signed metrics unmeasured; a negative end is still a defect")
    func verdicts() {
        // 14 pairs where the dimmer layer reaches further: the dimmer family is the anode.
        let pairs = (0..<14).map { _ in SectionLayers.EndPair(brighterEndRow: 20, dimmerEndRow: 10) }
        let identification = AnodeIdentification(pairs: pairs, foil: nil)
        #expect(identification.anode == .dimmer)
        let layers = Self.spiral(turns: 5).map(\.position)
        let sparse = EndCoverage(seen: layers, measured: Array(layers.prefix(2)), sections: 36, pitchMM: 0.3)
        let voxel = VoxelSize(isotropic: 0.02)
        let unmeasured = OverhangMetrics.report(regions: [], ends: [Self.end(0.3), Self.end(0.4)], voxelSize: voxel,
                                                identification: identification, regionsByModel: false,
                                                details: Self.details(coverage: sparse))
        #expect(Set(unmeasured.unmeasured.map(\.code)) == [OverhangMetrics.tooFewEnds])
        #expect(Set(unmeasured.unmeasured.map(\.id)) == [.overhangNegativeCount, .overhangLengthMin])
        #expect(!unmeasured.measurements.contains { $0.id == .overhangNegativeCount })
        let defect = OverhangMetrics.report(regions: [], ends: [Self.end(0.3), Self.end(-0.1)], voxelSize: voxel,
                                            identification: identification, regionsByModel: false,
                                            details: Self.details(coverage: sparse))
        #expect(defect.unmeasured.isEmpty)
        #expect(defect.measurements.first { $0.id == .overhangNegativeCount }?.value == 1)
        #expect(abs((defect.measurements.first { $0.id == .overhangLengthMin }?.value ?? .nan) + 0.1) <= 1e-12)
        let covered = OverhangMetrics.report(regions: [], ends: [Self.end(0.3), Self.end(0.4)], voxelSize: voxel,
                                             identification: identification, regionsByModel: false,
                                             details: Self.details(coverage: EndCoverage(
                                                 seen: layers, measured: layers, sections: 36, pitchMM: 0.3)))
        #expect(covered.unmeasured.isEmpty)
        #expect(covered.measurements.first { $0.id == .overhangNegativeCount }?.value == 0)
    }

    @Test("Faint dimmer layers: signed and region metrics unmeasured; every negative end unconfirmed: ambiguous")
    func faintAndUnconfirmed() {
        let pairs = (0..<14).map { _ in SectionLayers.EndPair(brighterEndRow: 20, dimmerEndRow: 10) }
        let identification = AnodeIdentification(pairs: pairs, foil: nil)
        let layers = Self.spiral(turns: 5).map(\.position)
        let voxel = VoxelSize(isotropic: 0.02)
        let ends = [Self.end(0.3), Self.end(-0.1)]
        var details = Self.details(coverage: EndCoverage(seen: layers, measured: layers, sections: 36, pitchMM: 0.3))
        for (cnr, faint) in [(0.5, true), (OverhangMetrics.minimumContrastToNoise, false), (8.0, false)] {
            details.dimmerContrastToNoise = cnr
            let report = OverhangMetrics.report(regions: [], ends: ends, voxelSize: voxel, identification: identification,
                                                regionsByModel: false, details: details)
            #expect(report.unmeasured.contains { $0.code == OverhangMetrics.layersFaint } == faint, "CNR \(cnr)")
            #expect(report.measurements.contains { $0.id == .overhangNegativeCount } == !faint, "CNR \(cnr)")
            if faint {
                #expect(Set(report.unmeasured.map(\.id)).isSuperset(of: [.overhangNegativeCount, .overhangLengthMin, .overhangCount]))
            }
        }
        // Every end that read negative left out as unconfirmed, none left: not a pass.
        details.dimmerContrastToNoise = 8
        details.unconfirmedEnds = 3
        let none = OverhangMetrics.report(regions: [], ends: [], voxelSize: voxel, identification: identification,
                                          regionsByModel: false, details: details)
        #expect(Set(none.unmeasured.map(\.code)) == [OverhangMetrics.endAmbiguous])
        #expect(none.unmeasured.first?.reason.contains("3 on turns whose other ends do not read short") == true)
    }

    static func details(coverage: EndCoverage) -> OverhangDetails {
        OverhangDetails(anodeIdentification: nil, overhangs: [], layerEnds: [], perAngle: [], angleStepDegrees: 5,
                        axis: .vertical(through: .init(x: 0, y: 0)), topSlices: nil, bottomSlices: nil,
                        segmenter: "ClassicalOverhangSegmenter", ambiguousEnds: 0, endCoverage: coverage)
    }

    static func end(_ overhang: Double) -> OverhangDetails.End {
        OverhangDetails.End(end: .top, angleDegrees: 0, label: nil, radialPositionMM: 1, anodeEndSlice: 10,
                            cathodeEndSlice: 10 + overhang / 0.02, overhangMM: overhang)
    }
}
