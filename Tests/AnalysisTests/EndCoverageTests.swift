import Foundation
import Testing
import Imaging
@testable import Analysis

/// ``EndCoverage`` against hand-worked numbers, and the verdict it leads to.
@Suite("Overhang end coverage")
struct EndCoverageTests {
    @Test("Chance that some turn has no measured end: turns · (1 − f)^(2·sections)")
    func missProbability() {
        // 36 sections, 20 turns: 1440 anode layers seen. Half measured: 20 · 0.5^72 ≈ 4.2e-21.
        let half = EndCoverage(anodeLayers: 1440, sections: 36, measuredEnds: 720)
        #expect(half.fraction == 0.5)
        #expect(abs(half.turnMissProbability - 20 * pow(0.5, 72)) <= 1e-30)
        #expect(half.coversTheRoll)
        // 32 of 600 over 36 sections (8⅓ turns): 8.333 · (1 − 0.05333)^72 = 8.333 · 0.01933 = 0.1611.
        let sparse = EndCoverage(anodeLayers: 600, sections: 36, measuredEnds: 32)
        #expect(abs(sparse.turnMissProbability - 600.0 / 72 * pow(1 - 32.0 / 600, 72)) <= 1e-12)
        #expect(abs(sparse.turnMissProbability - 0.1611) <= 0.0005)
        #expect(!sparse.coversTheRoll)
        // Nothing seen: certainly missed.
        #expect(EndCoverage(anodeLayers: 0, sections: 0, measuredEnds: 0).turnMissProbability == 1)
    }

    @Test("Too few ends, none negative: the signed metrics unmeasured; a negative end is still a defect")
    func verdicts() {
        // 14 pairs where the dimmer layer reaches further: the dimmer family is the anode.
        let pairs = (0..<14).map { _ in SectionLayers.EndPair(brighterEndRow: 20, dimmerEndRow: 10) }
        let identification = AnodeIdentification(pairs: pairs, foil: nil)
        #expect(identification.anode == .dimmer)
        let sparse = EndCoverage(anodeLayers: 600, sections: 36, measuredEnds: 2)
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
                                             details: Self.details(coverage: EndCoverage(anodeLayers: 600, sections: 36,
                                                                                         measuredEnds: 300)))
        #expect(covered.unmeasured.isEmpty)
        #expect(covered.measurements.first { $0.id == .overhangNegativeCount }?.value == 0)
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
