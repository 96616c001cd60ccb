import Analysis
import CellQATestKit
import Foundation
import Imaging
import Inspection
import Phantom
import Testing

/// The winding stage as shipped (automatic can and electrode levels, the quality
/// gate's slice range) against config/tolerances/phantom.toml's winding limit
/// (`winding.max_abs_error_mm` upper 0.24 mm) on phantoms whose truth is known:
/// a nominal roll has no buckle, so it must never FAIL on winding; a buckled one
/// must FAIL with the amplitude read back.
@Suite("Winding stage on phantoms, automatic thresholds")
struct WindingStagePhantomTests {
    struct PhantomLoader: VolumeLoader {
        var spec: PhantomSpec
        func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
            OpenedVolume(volume: try PhantomVolume(spec: spec), voxelSizeSource: .defaultValue)
        }
    }

    func inspect(_ spec: PhantomSpec) async throws -> InspectionRecord {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "PH1_phantom", serial: "PH1", format: "phantom")
        var table = try Fixtures.table("phantom")
        table.limits = table.limits.filter { $0.key.family == "winding" }
        let inspector = StandardInspector(
            stages: [QualityGateStage(thresholds: QualityThresholds()), WindingStage()],
            loader: PhantomLoader(spec: spec), tolerances: ["phantom": table],
            configHash: "test")
        return await inspector.inspect(path: path).record
    }

    /// Seeds 1–10 of the nominal phantom: before one electrode level per scan and
    /// the broken-layer exclusion, 9 of these 10 FAILed (MaxAE 0.21–0.74 mm, all
    /// on slice 16 where the cathode ends and turns merged). Truth: no buckle, so
    /// the method's MaxAE is its own noise floor, measured ≤ 0.112 mm (1.9 px) on
    /// seeds 1–40; bound 0.12 mm (2 px, half the limit), or not measured with a
    /// winding code, never above the limit.
    @Test("nominal phantoms, seeds 1–10: no winding FAIL; MaxAE < 0.12 mm or unmeasured with a reason",
          arguments: 1...10)
    func nominalNeverFailsOnWinding(seed: Int) async throws {
        var spec = PhantomSpec.nominal
        spec.seed = UInt64(seed)
        let record = try await inspect(spec)
        #expect(record.verdict != .fail, "\(record.reasons)")
        #expect(record.verdict != .error, "\(record.reasons)")
        if let maxAE = record.metrics.first(where: { $0.metric == .windingMaxAbsError }) {
            #expect(maxAE.value < 0.12, "seed \(seed): MaxAE \(maxAE.value) mm")
        } else {
            let u = try #require(record.unmeasured.first { $0.metric == .windingMaxAbsError })
            #expect(u.code.hasPrefix("winding."), "\(u.code)")
            #expect(!u.reason.isEmpty)
        }
    }

    /// A buckle of 0.36 mm (6 px), 60° wide at 120° on cathode turns 5 and 6: the
    /// stage reads about 5.1 px (the chunk mean smooths the peak, see
    /// WindingPhantomTests), so within 1 px (0.06 mm) of the truth, and FAILs.
    @Test("buckled phantom: FAIL on winding.max_abs_error_mm within 0.06 mm of the 0.36 mm truth")
    func buckleIsStillFound() async throws {
        let spec = PhantomSpec.nominal.withBuckle(layers: [5, 6], amplitude: 0.36, angleDegrees: 120, widthDegrees: 60)
        let truth = try PhantomVolume(spec: spec).truth
        let amplitude = try #require(truth.winding.buckles.first).amplitude.mm
        let record = try await inspect(spec)
        #expect(record.verdict == .fail)
        let maxAE = try #require(record.metrics.first { $0.metric == .windingMaxAbsError })
        #expect(abs(maxAE.value - amplitude) < 0.06, "MaxAE \(maxAE.value) mm vs truth \(amplitude) mm")
        #expect(record.failingMetrics.map(\.metric).contains(.windingMaxAbsError))
    }
}
