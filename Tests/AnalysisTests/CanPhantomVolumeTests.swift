import Foundation
import Testing
import Imaging
import Phantom
@testable import Analysis

/// The can analysis on the shared `Phantom` cell (can, jelly roll, noise σ = 3 grey
/// levels), against its `PhantomTruth`. Pixel 0.06 mm: the can is ~300 px across.
struct CanPhantomVolumeTests {
    func run(_ spec: PhantomSpec, step: Int = 12, seeds: Int = 3) async throws -> (AnalysisReport<CanDetails>, PhantomTruth) {
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        let analysis = CanVolumeAnalysis(segmentation: .fixed(Float(truth.thresholds.canReference)),
                                         options: CanSliceOptions(seedCount: seeds), step: step, volumeSeedCount: seeds)
        return (try await analysis.run(volume), truth)
    }

    @Test func nominalCanDiametersAndWall() async throws {
        let (report, truth) = try await run(.nominal)
        #expect(report.details.skipped.isEmpty)
        for s in report.details.slices {
            #expect(abs(s.outerDiameterPx - truth.can.outerEquivalentDiameter.px) < 0.25,
                    "slice \(s.sliceIndex!): OD \(s.outerDiameterPx) vs \(truth.can.outerEquivalentDiameter.px)")
            #expect(abs(s.innerDiameterPx - truth.can.innerEquivalentDiameter.px) < 0.25,
                    "slice \(s.sliceIndex!): ID \(s.innerDiameterPx) vs \(truth.can.innerEquivalentDiameter.px)")
            let ct = try #require(s.contourThickness)
            #expect(abs(ct.meanPx - truth.can.wallThickness.px) < 0.25, "wall \(ct.meanPx) vs \(truth.can.wallThickness.px)")
        }
    }

    @Test func ellipticalCanEccentricity() async throws {
        let (report, truth) = try await run(PhantomSpec.nominal.withEllipse(eccentricity: 0.3, angleDegrees: 30))
        for s in report.details.slices {
            #expect(abs(s.eccentricity.mean - truth.can.eccentricity) < 0.005,
                    "slice \(s.sliceIndex!): e \(s.eccentricity.mean) vs \(truth.can.eccentricity)")
        }
        let e = report.measurements.first { $0.id == .canEccentricity }!
        #expect(abs(e.value - 0.3) < 0.005)
    }

    @Test func tenPixelDent() async throws {
        // 0.6 mm = 10 px inward dent, 30° wide, on every slice.
        let (report, truth) = try await run(PhantomSpec.nominal.withDent(depth: 0.6, angleDegrees: 60))
        #expect(abs(truth.can.maxDent.px - 10) < 1e-9)
        for s in report.details.slices {
            #expect(abs(s.maxDentPx.mean - truth.can.maxDent.px) < 1, "slice \(s.sliceIndex!): dent \(s.maxDentPx.mean)")
        }
        let dent = report.measurements.first { $0.id == .canMaxDent }!
        #expect(abs(dent.value - 0.6) < 0.06)
    }

    @Test func tiltedAxis() async throws {
        // 2° tilt: the centre moves 48·0.06·tan 2° = 0.10 mm over the volume.
        let (report, truth) = try await run(PhantomSpec.nominal.withTilt(degrees: 2, azimuthDegrees: 90), step: 6, seeds: 1)
        let axis = try #require(report.details.axis)
        #expect(abs(axis.tiltDegrees - truth.spec.quality.tiltDegrees) < 0.3, "tilt \(axis.tiltDegrees) ± \(axis.tiltStdDegrees)")
    }
}
