import Analysis
import CellQATestKit
import Foundation
import Imaging
import Inspection
import Testing

@Suite("Inspector verdicts")
struct InspectorVerdictTests {
    @Test("PASS when every metric of the 18650 table is inside its limits")
    func pass() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN100_18650", serial: "SN100")
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: Fixtures.good18650)])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .pass)
        #expect(record.reasons.isEmpty)
        #expect(record.metrics.count == 8)
        #expect(record.metrics.allSatisfy { $0.pass == true })
        // Outer diameter 18.01 in [17.8, 18.2]: margin = min(18.01 − 17.8, 18.2 − 18.01) = 0.19 mm.
        let diameter = try #require(record.metrics.first { $0.metric == .canOuterDiameter })
        #expect(abs(diameter.margin! - 0.19) < 1e-12)
        #expect(diameter.nearLimit == false)
        #expect(record.scan.metadata.serial == "SN100")
        #expect(record.scan.metadata.voxelSize == VoxelSize(isotropic: 0.06))
        #expect(record.scan.metadata.voxelSizeSource == .jsonSidecar)
        #expect(record.day == "2026-11-18")
        #expect(record.toleranceHash == (try Fixtures.table("18650")).hash)
        #expect(record.fingerprint?.count == 64)
    }

    @Test("a required metric the analysis could not measure makes the scan INVALID, with its code; never PASS")
    func unmeasuredRequiredIsInvalid() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN110_18650", serial: "SN110")
        let broken = Unmeasured(.windingMaxRadialExcursion, code: "winding.layers_merged", reason: "layers merged on 7 of 9 slices")
        let measurements = Fixtures.good18650.filter { $0.id != .windingMaxRadialExcursion }
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "winding", measurements: measurements, unmeasured: [broken])])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .invalid)
        #expect(record.reasons.first?.contains("winding.max_radial_excursion_mm not measured (winding.layers_merged)") == true)
        #expect(record.reasonCodes == ["winding.layers_merged"])
        #expect(record.unmeasured == [UnmeasuredMetric(metric: .windingMaxRadialExcursion, code: "winding.layers_merged",
                                                        reason: "layers merged on 7 of 9 slices", stage: "winding", judged: true)])
        // The record keeps it through JSON.
        #expect(try InspectionRecord.decode(from: record.jsonData()).unmeasured == record.unmeasured)
    }

    @Test("a broken measurement never hides a real FAIL: a measured metric out of tolerance still FAILs")
    func measuredFailureBeatsUnmeasured() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN111_18650", serial: "SN111")
        let broken = Unmeasured(.windingMaxRadialExcursion, code: "winding.layers_merged", reason: "merged")
        let dented = Fixtures.replacing(.canMaxDent, with: 0.3, in: Fixtures.good18650.filter { $0.id != .windingMaxRadialExcursion })
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: dented, unmeasured: [broken])])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .fail)
        #expect(record.failingMetrics.map(\.metric) == [.canMaxDent])
    }

    @Test("a lower bound beyond the upper limit FAILs; within the limits it stays unmeasured: INVALID, never PASS",
          arguments: [(0.42, Verdict.fail), (0.12, Verdict.invalid)])
    func lowerBound(value: Double, verdict: Verdict) async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN113_18650", serial: "SN113")
        let broken = Unmeasured(.windingMaxRadialExcursion, code: "winding.layers_excluded", reason: "layers left out as broken (slice 28: 1)")
        let bound = Measurement(.windingMaxRadialExcursion, value, unit: "mm", bound: .lower)
        let measurements = Fixtures.good18650.filter { $0.id != .windingMaxRadialExcursion } + [bound]
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "winding", measurements: measurements, unmeasured: [broken])])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == verdict)
        let judged = record.metrics.first { $0.metric == .windingMaxRadialExcursion }
        if verdict == .fail {
            // 18650: upper 0.30 mm; the bound fails by at least 0.12 mm, and says it is a bound.
            #expect(judged?.pass == false && judged?.bound == .lower)
            #expect(abs((judged?.margin ?? .nan) + 0.12) <= 1e-12)
            #expect(record.reasons.first == "winding.max_radial_excursion_mm ≥ 0.42 mm > upper 0.3 mm by 0.12 mm")
            #expect(record.unmeasured.isEmpty)
        } else {
            #expect(judged == nil)
            #expect(record.unmeasured.map(\.code) == ["winding.layers_excluded"])
            #expect(record.reasons.first?.contains("not measured (winding.layers_excluded)") == true)
        }
    }

    @Test("an unmeasured metric the table does not judge changes nothing")
    func unmeasuredUnjudgedIsRecordedOnly() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN112_18650", serial: "SN112")
        let broken = Unmeasured(.overhangAngleStd, code: "overhang.too_few_regions", reason: "2 regions")
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: Fixtures.good18650, unmeasured: [broken])])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .pass)
        #expect(record.unmeasured.first?.judged == false)
    }

    @Test("FAIL names the metric and by how much it is out")
    func fail() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN101_18650", serial: "SN101")
        // Minimum wall 0.198 mm against lower 0.20 mm: out by 0.002 mm.
        let measurements = Fixtures.replacing(.canWallThicknessMin, with: 0.198, in: Fixtures.good18650)
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: measurements)])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .fail)
        #expect(record.reasons == ["can.wall_thickness_min_mm = 0.198 mm < lower 0.2 mm by 0.002 mm"])
        #expect(record.reasonCodes == ["can.wall_thickness_min_mm"])
        let wall = try #require(record.failingMetrics.first)
        #expect(wall.metric == .canWallThicknessMin)
        #expect(abs(wall.margin! - (-0.002)) < 1e-12)
        // Guard band 0.01 mm: 0.002 mm outside is also "near the limit".
        #expect(wall.nearLimit)
    }

    @Test("one negative overhang always FAILs (upper 0)")
    func negativeOverhang() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN102_18650", serial: "SN102")
        let measurements = Fixtures.replacing(.overhangNegativeCount, with: 1, in: Fixtures.good18650)
        let record = await (try Fixtures.inspector(stages: [GivenStage(name: "overhang", measurements: measurements)]))
            .inspect(path: path).record
        #expect(record.verdict == .fail)
        #expect(record.reasons == ["overhang.negative_count = 1 > upper 0 by 1"])
    }

    @Test("INVALID with the operator's remedy when the quality gate fails; analyses skipped")
    func invalid() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN103_18650", serial: "SN103")
        let gate = GivenStage(name: "quality", kind: .qualityGate, measurements: [
            Measurement(.qualityTilt, 2.3, unit: "deg"), Measurement(.qualitySNR, 12, unit: ""),
        ])
        let inspector = try Fixtures.inspector(stages: [gate, GivenStage(name: "can", measurements: Fixtures.good18650)])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .invalid)
        #expect(record.reasons == ["tilt 2.3° > 1.0°: remount the cell in the holder and rescan"])
        #expect(record.reasonCodes == ["quality.tilt_deg"])
        #expect(record.stages.map(\.status) == [.ok, .skipped])
        #expect(record.metrics.map(\.metric) == [.qualityTilt, .qualitySNR])
    }

    @Test("a gate stage's own problem makes the scan INVALID")
    func invalidByProblem() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN104_18650", serial: "SN104")
        let gate = GivenStage(name: "quality", kind: .qualityGate, measurements: [],
                              problems: [QualityProblem(code: "quality.no_can", reason: "no can found in slices 0–99: is a cell in the field of view?")])
        let record = await (try Fixtures.inspector(stages: [gate])).inspect(path: path).record
        #expect(record.verdict == .invalid)
        #expect(record.reasons == ["no can found in slices 0–99: is a cell in the field of view?"])
        #expect(record.reasonCodes == ["quality.no_can"])
    }

    @Test("a gate stage's own reason for a metric is not repeated by the configured threshold")
    func invalidNoDuplicate() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN110_18650", serial: "SN110")
        let gate = GivenStage(name: "quality", kind: .qualityGate,
                              measurements: [Measurement(.qualityTilt, 2.3, unit: "deg"), Measurement(.qualityCupping, -0.2, unit: "1")],
                              problems: [QualityProblem(code: "quality.tilt_deg", metric: .qualityTilt, reason: "tilt 2.30° > 1°: remount the cell in the holder and rescan")])
        let record = await (try Fixtures.inspector(stages: [gate])).inspect(path: path).record
        #expect(record.verdict == .invalid)
        // Tilt from the stage only; cupping |−0.2| > 0.15 from the configured threshold,
        // in the words and with the code of the gate's one table (what production emits).
        #expect(record.reasons == [
            "tilt 2.30° > 1°: remount the cell in the holder and rescan",
            "cupping 20.0% > 15.0%: beam hardening; rescan with a beam filter or apply beam-hardening correction",
        ])
        #expect(record.reasonCodes == ["quality.tilt_deg", "quality.cupping"])
    }

    @Test("ERROR names the stage that threw; later stages skipped")
    func errorFromStage() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN105_18650", serial: "SN105")
        let inspector = try Fixtures.inspector(stages: [FailingStage(), GivenStage(name: "winding", measurements: [])])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .error)
        #expect(record.reasons == ["stage `can` failed: ellipse fit did not converge on slice 37"])
        #expect(record.reasonCodes == ["error.stage.can"])
        #expect(record.stages.map(\.status) == [.failed, .skipped])
    }

    @Test("independent analyses run at the same time; a stage sees only what it reads; a failed input skips its readers")
    func dependencyOrder() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN107_18650", serial: "SN107")
        let started = StartedStages()
        // "can" and "winding" each wait for the other to start: run one after the
        // other, the first would time out and fail.
        let stages: [any InspectionStage] = [
            DependentStage(name: "can", inputs: [], awaiting: ["winding"], started: started),
            DependentStage(name: "winding", inputs: [], awaiting: ["can"], started: started),
            DependentStage(name: "overhang", inputs: ["can"], started: started),
            DependentStage(name: "broken", inputs: [], fails: true, started: started),
            DependentStage(name: "after-broken", inputs: ["broken"], started: started),
        ]
        let record = await (try Fixtures.inspector(stages: stages)).inspect(path: path).record
        #expect(record.stages.map(\.name) == ["can", "winding", "overhang", "broken", "after-broken"])
        #expect(record.stages.map(\.status) == [.ok, .ok, .ok, .failed, .skipped])
        #expect(record.stages[2].details == .object(["saw": .string("can")]))
        #expect(record.stages[0].details == .object(["saw": .string("")]))
        #expect(record.verdict == .error)
    }

    @Test("the gate's slices are read ahead before it runs, the analyses' after it passes, each slice once")
    func readAhead() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN110_18650", serial: "SN110")
        let log = VolumeEvents()
        let stages: [any InspectionStage] = [
            PlannedStage(name: "quality", kind: .qualityGate, planned: [0, 1, 4, 5], log: log),
            PlannedStage(name: "can", planned: [4, 0], log: log),
            PlannedStage(name: "overhang", planned: [2, 3, 4], log: log),
        ]
        let loader = HintedLoader(volume: HintedVolume(depth: 8, log: log))
        _ = await (try Fixtures.inspector(stages: stages, loader: loader)).inspect(path: path)
        #expect(Array(log.events.prefix(3)) == ["read ahead [0, 1, 4, 5]", "run quality", "read ahead [4, 0, 2, 3]"])
        #expect(Set(log.events.dropFirst(3)) == ["run can", "run overhang"])

        // An INVALID scan reads nothing for the analyses it skips.
        let rejected = VolumeEvents()
        let gate = PlannedStage(name: "quality", kind: .qualityGate, planned: [0, 4],
                                problems: [QualityProblem(code: "quality.layer_cnr", reason: "too noisy")], log: rejected)
        let skipped = PlannedStage(name: "can", planned: [2], log: rejected)
        let record = await (try Fixtures.inspector(stages: [gate, skipped], loader: HintedLoader(volume: HintedVolume(depth: 8, log: rejected))))
            .inspect(path: path).record
        #expect(record.verdict == .invalid)
        #expect(rejected.events == ["read ahead [0, 4]", "run quality"])
    }

    @Test("ERROR when a required metric was never measured")
    func errorMissingMetric() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN106_18650", serial: "SN106")
        let partial = Fixtures.good18650.filter { $0.id != .canMaxDent }
        let record = await (try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: partial)])).inspect(path: path).record
        #expect(record.verdict == .error)
        #expect(record.reasons.first?.hasPrefix("not measured: can.max_dent_mm — required by the 18650 tolerance table") == true)
        #expect(record.reasonCodes == ["error.not_measured"])
    }

    @Test("ERROR for a non-finite measurement, naming stage and metric")
    func errorNonFinite() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN107_18650", serial: "SN107")
        let measurements = Fixtures.replacing(.canEccentricity, with: .nan, in: Fixtures.good18650)
        let record = await (try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: measurements)])).inspect(path: path).record
        #expect(record.verdict == .error)
        #expect(record.reasons == ["stage `can` produced a non-finite value (nan) for can.eccentricity"])
        #expect(record.reasonCodes == ["error.stage.can"])
        // The record must still encode as JSON.
        #expect(try record.jsonData().count > 100)
    }

    @Test("ERROR, not a crash, for a missing path, an unknown format and an unknown voxel size")
    func errorInputs() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let inspector = try Fixtures.inspector(stages: [])
        let missing = await inspector.inspect(path: dir.file("does-not-exist")).record
        #expect(missing.verdict == .error)
        #expect(missing.reasons.first?.hasPrefix("reading scan metadata: scan not found at") == true)
        #expect(missing.reasonCodes == ["error.read_metadata"])

        let path = try Fixtures.scanFolder(in: dir, name: "SN108_21700", serial: "SN108", format: "21700")
        let unknownFormat = await inspector.inspect(path: path).record
        #expect(unknownFormat.verdict == .error)
        #expect(unknownFormat.reasons == ["no tolerance table for cell format `21700` (have: 18650): add tolerances/21700.toml"])
        #expect(unknownFormat.reasonCodes == ["error.no_tolerance_table"])

        struct NoVoxelLoader: VolumeLoader {
            func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
                let slice = GrayImage(width: 2, height: 2, repeating: 0)
                return OpenedVolume(volume: InMemoryVolume(slices: [slice], voxelSize: VoxelSize(isotropic: 1)), voxelSizeSource: .unknown)
            }
        }
        let bare = dir.url.appendingPathComponent("bare")
        try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
        try Data([0]).write(to: bare.appendingPathComponent("im001.tif"))
        var noVoxel = try Fixtures.inspector(stages: [], loader: NoVoxelLoader())
        noVoxel.metadataReader = ScanMetadataReader(defaults: ScanMetadata(cellFormat: "18650", cellFormatSource: .configuration))
        let record = await noVoxel.inspect(path: bare.path).record
        #expect(record.verdict == .error)
        #expect(record.reasons.first?.hasPrefix("voxel size unknown") == true)
        #expect(record.reasonCodes == ["error.voxel_size_unknown"])
    }

    @Test("reason codes go through the record's JSON; a record written before them decodes with `unknown` codes")
    func reasonCodesInJSON() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN111_18650", serial: "SN111")
        let measurements = Fixtures.replacing(.canMaxDent, with: 0.5,
                                              in: Fixtures.replacing(.canWallThicknessMin, with: 0.198, in: Fixtures.good18650))
        let record = await (try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: measurements)]))
            .inspect(path: path).record
        #expect(record.verdict == .fail)
        #expect(record.reasonCodes == ["can.max_dent_mm", "can.wall_thickness_min_mm"])
        #expect(record.summaryCode == "can.max_dent_mm")
        #expect(record.codedReasons.map(\.text) == record.reasons)
        let json = try record.jsonData()
        #expect(try InspectionRecord.decode(from: json) == record)

        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["reason_codes"] as? [String] == ["can.max_dent_mm", "can.wall_thickness_min_mm"])
        object.removeValue(forKey: "reason_codes")
        let old = try InspectionRecord.decode(from: JSONSerialization.data(withJSONObject: object))
        #expect(old.reasons == record.reasons)
        #expect(old.reasonCodes == ["unknown", "unknown"])
        #expect(old.summaryCode == "unknown")
    }

    @Test("stage timings are recorded and stages see the volume")
    func timings() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN109_18650", serial: "SN109")
        let inspector = try Fixtures.inspector(stages: [SliceReadingStage(), GivenStage(name: "can", measurements: Fixtures.good18650)])
        let record = await inspector.inspect(path: path).record
        #expect(record.verdict == .pass)
        #expect(record.stages.map(\.name) == ["read-all-slices", "can"])
        #expect(record.stages.allSatisfy { $0.seconds >= 0 && $0.seconds < 5 })
        #expect(record.totalSeconds >= record.stages.map(\.seconds).reduce(0, +))
        // Slice of 0…63: mean 31.5, recorded unjudged (no limit in the table).
        let mean = try #require(record.metrics.first { $0.metric.rawValue == "test.first_slice_mean" })
        #expect(mean.value == 31.5)
        #expect(mean.pass == nil)
    }
}
