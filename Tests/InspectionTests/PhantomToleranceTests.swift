import Analysis
import CellQATestKit
import Foundation
import Imaging
import Inspection
import Phantom
import Testing

/// config/tolerances/phantom.toml against the real can analysis on the default
/// phantom: the nominal cell is within every can limit, a 0.5 mm dent fails
/// `can.max_dent_mm` (upper 0.12 mm). Only the can limits are used here (the
/// table's winding and overhang limits need their own stages).
@Suite("Phantom tolerance table against the can analysis")
struct PhantomToleranceTests {
    /// The can analysis as a stage, for this calibration only (the line's stages are wired in cellqa's Pipeline).
    struct CanStage: InspectionStage {
        var name = "can"
        var spec: PhantomSpec
        func run(_ input: StageInput) async throws -> StageOutput {
            let threshold = Float(try PhantomVolume(spec: spec).truth.thresholds.canReference)
            let analysis = CanVolumeAnalysis(segmentation: .fixed(threshold), options: CanSliceOptions(seedCount: 3),
                                             step: 12, volumeSeedCount: 3)
            return try StageOutput(report: try await analysis.run(input.volume))
        }
    }

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
        table.limits = table.limits.filter { $0.key.family == "can" }
        let inspector = StandardInspector(stages: [CanStage(spec: spec)], loader: PhantomLoader(spec: spec),
                                          tolerances: ["phantom": table], configHash: "test")
        return await inspector.inspect(path: path).record
    }

    @Test("nominal phantom: PASS on every can limit; outer diameter within 0.1 mm of the 18.0 mm truth")
    func nominalPasses() async throws {
        let record = try await inspect(.nominal)
        #expect(record.verdict == .pass, "\(record.reasons)")
        let diameter = try #require(record.metrics.first { $0.metric == .canOuterDiameter })
        #expect(abs(diameter.value - 18.0) < 0.1)
        let wall = try #require(record.metrics.first { $0.metric == .canWallThicknessMean })
        #expect(abs(wall.value - 0.30) < 0.03)
        print("phantom nominal: " + record.metrics.map { "\($0.metric)=\(Formatting.number($0.value))" }.joined(separator: " "))
    }

    @Test("a 0.5 mm dent FAILs on can.max_dent_mm")
    func dentFails() async throws {
        let record = try await inspect(PhantomSpec.nominal.withDent(depth: 0.5, angleDegrees: 40))
        #expect(record.verdict == .fail)
        #expect(record.failingMetrics.map(\.metric).contains(.canMaxDent))
        let dent = try #require(record.metrics.first { $0.metric == .canMaxDent })
        #expect(abs(dent.value - 0.5) < 0.1)
        print("phantom dent 0.5 mm: reasons \(record.reasons)")
    }
}
