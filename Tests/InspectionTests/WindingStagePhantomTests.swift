import Analysis
import CellQATestKit
import Foundation
import Imaging
import Inspection
import Phantom
import Testing

/// The winding stage as shipped (automatic can and electrode levels, the quality
/// gate's slice range) against config/tolerances/phantom.toml's winding limit
/// (`winding.max_radial_excursion_mm` upper 0.24 mm) on phantoms whose truth is
/// known: a nominal roll has no buckle, so it must never FAIL on winding; a
/// buckled one must FAIL with the amplitude read back.
@Suite("Winding stage on phantoms, automatic thresholds")
struct WindingStagePhantomTests {
    struct PhantomLoader: VolumeLoader {
        var spec: PhantomSpec
        func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
            OpenedVolume(volume: try PhantomVolume(spec: spec), voxelSizeSource: .defaultValue)
        }
    }

    func inspect(_ spec: PhantomSpec, parameters: AnalysisParameters = AnalysisParameters()) async throws
        -> InspectionRecord
    {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "PH1_phantom", serial: "PH1", format: "phantom")
        var table = try Fixtures.table("phantom")
        table.limits = table.limits.filter { $0.key.family == "winding" }
        let inspector = StandardInspector(
            stages: [QualityGateStage(thresholds: QualityThresholds()), WindingStage()],
            loader: PhantomLoader(spec: spec), tolerances: ["phantom": table], parameters: parameters,
            configHash: "test")
        return await inspector.inspect(path: path).record
    }

    /// Seeds 1–10 of the nominal phantom: before one electrode level per scan and
    /// the broken-layer exclusion, 9 of these 10 FAILed (MaxAE 0.21–0.74 mm, all
    /// on slice 16 where the cathode ends and turns merged). Truth: no buckle.
    /// Bounds from that truth and the pixel (0.06 mm): the excursion from the
    /// roll's spiral < 0.06 mm (1 px; measured ≤ 0.03 mm on seeds 1–40), the
    /// method's MaxAE (recorded) < 0.12 mm (2 px; measured ≤ 0.112 mm) — or not
    /// measured with a winding code; never a FAIL.
    @Test("nominal phantoms, seeds 1–10: no winding FAIL; excursion < 0.06 mm, MaxAE < 0.12 mm, or unmeasured with a reason",
          arguments: 1...10)
    func nominalNeverFailsOnWinding(seed: Int) async throws {
        var spec = PhantomSpec.nominal
        spec.seed = UInt64(seed)
        let record = try await inspect(spec)
        #expect(record.verdict != .fail, "\(record.reasons)")
        #expect(record.verdict != .error, "\(record.reasons)")
        for (metric, bound) in [(MetricID.windingMaxRadialExcursion, 0.06), (.windingMaxAbsError, 0.12)] {
            if let m = record.metrics.first(where: { $0.metric == metric }) {
                #expect(m.value < bound, "seed \(seed): \(metric) \(m.value) mm")
            } else {
                let u = try #require(record.unmeasured.first { $0.metric == metric })
                #expect(u.code.hasPrefix("winding."), "\(u.code)")
                #expect(!u.reason.isEmpty)
            }
        }
    }

    /// Buckles of cathode turns 2 and 3 (truth amplitude A): 40° wide at 90° (the
    /// CLI's `--buckle`), and 180° wide at 180°, half the layer's arc, which the
    /// method's own-line MaxAE absorbs (reads 0.224 mm for A = 0.38: a PASS).
    /// The excursion from the roll's spiral reads A within 0.06 mm (1 px) and FAILs.
    @Test("buckled phantom: FAIL on winding.max_radial_excursion_mm within 0.06 mm of the truth amplitude",
          arguments: [(0.30, 40.0, 90.0), (0.38, 180.0, 180.0)])
    func buckleIsStillFound(amplitude: Double, width: Double, angle: Double) async throws {
        let spec = PhantomSpec.nominal.withBuckle(layers: [2, 3], amplitude: amplitude, angleDegrees: angle,
                                                  widthDegrees: width)
        let truth = try PhantomVolume(spec: spec).truth
        let truthAmplitude = try #require(truth.winding.buckles.first).amplitude.mm
        let record = try await inspect(spec)
        #expect(record.verdict == .fail)
        let excursion = try #require(record.metrics.first { $0.metric == .windingMaxRadialExcursion })
        #expect(abs(excursion.value - truthAmplitude) < 0.06, "excursion \(excursion.value) mm vs truth \(truthAmplitude) mm")
        #expect(record.failingMetrics.map(\.metric).contains(.windingMaxRadialExcursion))
    }

    /// An electrode threshold set midway between the separator and the anode
    /// (truth levels 35 and 50): both strips pass and bridge through the 2 px of
    /// separator on every body slice, so no slice is measured. The nominal cell is
    /// then INVALID with `winding.layers_merged` — neither FAIL (there is no
    /// buckle) nor PASS (nothing was measured).
    @Test("electrode level under the anode: winding unmeasured (winding.layers_merged), INVALID, never FAIL")
    func mergedEverywhereIsInvalidNotFail() async throws {
        let spec = PhantomSpec.nominal
        let levels = try PhantomVolume(spec: spec).truth.levels
        let record = try await inspect(spec, parameters: AnalysisParameters(
            electrodeThreshold: (levels.separator + levels.anode) / 2))
        #expect(record.verdict == .invalid, "\(record.reasons)")
        #expect(!record.metrics.contains { $0.metric == .windingMaxRadialExcursion })
        let u = try #require(record.unmeasured.first { $0.metric == .windingMaxRadialExcursion })
        #expect(u.code == "winding.layers_merged", "\(u.reason)")
    }
}
