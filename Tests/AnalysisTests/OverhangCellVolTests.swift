import Foundation
import Testing
import Imaging
import VolumeIO
import CellQATestKit
@testable import Analysis

/// The example scan `cell_vol` (100 slices near the roll top, 0.03397 mm in-plane,
/// z = 2 × 0.03397 mm because axis 0 was down-sampled by 2).
@Suite("Overhang analysis on cell_vol", SharedData.required)
struct OverhangCellVolTests {
    /// Cell axis measured on this volume: midpoints of the can ring's outermost
    /// pixels above grey 100, medians over rows and columns, on slices 55…99 —
    /// (x 366.5, y 379.0) on every slice checked, to ±0.5 px.
    static let axis = AxisLine.vertical(through: .init(x: 366.5, y: 379))

    @Test("Plausible overhang population; every negative end is reported")
    func cellVol() async throws {
        let volume = try TIFFVolume.open(SharedData.path("cell_vol"),
                                         voxelSize: VoxelSize(x: 0.03397, y: 0.03397, z: 2 * 0.03397))
        let started = Date()
        let result = try await OverhangAnalysis().run(volume, axis: Self.axis, top: 0..<volume.shape.depth)
        let seconds = Date().timeIntervalSince(started)
        let report = result.report
        func value(_ id: MetricID) -> Double { report.measurements.first { $0.id == id }?.value ?? .nan }
        // ≈ 21 anode layers each side of the mandrel: 36 sections × ~42 layer ends.
        // Reference (notebook 01, U-Net masks): overhangs ~22 rows of the 2×-stretched
        // sections, i.e. ~11 slices = 0.75 mm; our bounds bracket the classical result.
        #expect(value(.overhangCount) >= 1300 && value(.overhangCount) <= 1600)
        #expect(value(.overhangLengthMean) >= 0.45 && value(.overhangLengthMean) <= 0.8)
        #expect(abs(value(.overhangAngleMean)) <= 3)
        #expect(value(.overhangBaseDeviationStd) <= 0.2)
        // The cathode reads brighter here (≈ 80 against the anode's copper line ≈ 60):
        // the dimmer family is the anode, by the overhangs, on ≥ 95 % of the pairs.
        let id = try #require(report.details.anodeIdentification)
        #expect(id.anode == .dimmer, "\(id.reason)")
        #expect(id.rule == .overhangMajority)
        #expect((id.confidence ?? 0) >= 0.95, "\(id.reason)")
        // Every negative end appears in the details (none silently dropped).
        let negatives = report.details.layerEnds.filter { $0.overhangMM < 0 }
        #expect(Double(negatives.count) == value(.overhangNegativeCount))
        print("cell_vol overhangs:", report.measurements.map { "\($0.id.rawValue)=\($0.value)" }.joined(separator: " "),
              "negatives:", negatives.map { ($0.angleDegrees, $0.radialPositionMM, $0.overhangMM) }, id.reason,
              String(format: "time %.3f s", seconds))
    }
}
