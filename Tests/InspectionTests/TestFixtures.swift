import Analysis

/// Foundation also has a `Measurement`; in these tests the name means the analyses' one.
typealias Measurement = Analysis.Measurement

import Analysis
import CellQATestKit
import Foundation
import Imaging
import Inspection

/// A stage that returns the measurements (and artefacts, problems) it is given:
/// lets the pipeline be tested on known numbers without any analysis.
struct GivenStage: InspectionStage {
    var name: String
    var kind: StageKind = .analysis
    var measurements: [Measurement]
    var unmeasured: [Unmeasured] = []
    var artefacts: [Artefact] = []
    var problems: [QualityProblem] = []
    var details: JSONValue? = nil

    func run(_ input: StageInput) async throws -> StageOutput {
        StageOutput(measurements: measurements, unmeasured: unmeasured, artefacts: artefacts, details: details,
                    problems: problems)
    }
}

/// A stage that reads every slice of the volume, as a real analysis does, and
/// reports the mean grey value of the first slice.
struct SliceReadingStage: InspectionStage {
    var name = "read-all-slices"

    func run(_ input: StageInput) async throws -> StageOutput {
        var mean = 0.0
        for index in 0..<input.volume.shape.depth {
            let slice = try input.volume.slice(index)
            if index == 0 { mean = slice.pixels.reduce(0) { $0 + Double($1) } / Double(slice.count) }
        }
        return StageOutput(measurements: [Measurement("test.first_slice_mean", mean, unit: "")])
    }
}

struct FailingStage: InspectionStage {
    struct Boom: Error, CustomStringConvertible { var description: String { "ellipse fit did not converge on slice 37" } }
    var name = "can"
    func run(_ input: StageInput) async throws -> StageOutput { throw Boom() }
}

/// Loads a small in-memory volume whatever the path says.
struct InMemoryLoader: VolumeLoader {
    var voxelSize = VoxelSize(isotropic: 0.06)
    func open(_ scan: Scan, voxelSize requested: VoxelSize?) throws -> OpenedVolume {
        let slice = GrayImage(width: 8, height: 8, pixels: (0..<64).map { Float($0) })
        return OpenedVolume(volume: InMemoryVolume(slices: [slice, slice], voxelSize: requested ?? voxelSize),
                            voxelSizeSource: requested == nil ? .tiffTags : .jsonSidecar)
    }
}

enum Fixtures {
    static var configFolder: URL { SharedData.repositoryRoot.appendingPathComponent("config") }

    static func table(_ format: String) throws -> ToleranceTable {
        try ToleranceTableLoader.load(path: configFolder.appendingPathComponent("tolerances/\(format).toml").path)
    }

    /// Measurements of a good 18650 cell: every metric of config/tolerances/18650.toml inside its limits.
    static var good18650: [Measurement] {
        [
            Measurement(.canOuterDiameter, 18.01, unit: "mm", uncertainty: 0.004),
            Measurement(.canWallThicknessMean, 0.25, unit: "mm"),
            Measurement(.canWallThicknessMin, 0.23, unit: "mm"),
            Measurement(.canEccentricity, 0.05, unit: ""),
            Measurement(.canMaxDent, 0.02, unit: "mm"),
            Measurement(.windingMaxRadialExcursion, 0.1, unit: "mm"),
            Measurement(.overhangNegativeCount, 0, unit: ""),
            Measurement(.overhangLengthMin, 0.3, unit: "mm"),
        ]
    }

    static func replacing(_ id: MetricID, with value: Double, in measurements: [Measurement]) -> [Measurement] {
        measurements.map { $0.id == id ? Measurement(id, value, unit: $0.unit, uncertainty: $0.uncertainty) : $0 }
    }

    /// A scan folder `name` with one dummy slice file and a JSON sidecar.
    static func scanFolder(in dir: TemporaryDirectory, name: String, serial: String, format: String = "18650",
                           voxel: Double = 0.06) throws -> String {
        let folder = dir.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data([1, 2, 3, 4]).write(to: folder.appendingPathComponent("im001.tif"))
        let json = #"{"voxel_size_mm": \#(voxel), "serial": "\#(serial)", "format": "\#(format)", "scan_date": "2026-11-26T08:00:00Z"}"#
        try Data(json.utf8).write(to: folder.appendingPathComponent("cellqa.json"))
        return folder.path
    }

    static let fixedDate = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 (UTC)

    static func inspector(stages: [any InspectionStage], loader: any VolumeLoader = InMemoryLoader(),
                          date: Date = fixedDate) throws -> StandardInspector {
        StandardInspector(stages: stages, loader: loader, tolerances: ["18650": try table("18650")],
                          quality: QualityThresholds(minSNR: 5, maxTiltDeg: 1.0, maxCupping: 0.15),
                          configHash: DaemonConfiguration().hash, timeZone: TimeZone(identifier: "UTC")!,
                          now: { date })
    }

    /// A tiny valid PNG (1×1 grey), so artefacts have real bytes.
    static let onePixelPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==")!
}

/// A stage declaring what it reads; it waits (up to 20 s) until every name in
/// `awaiting` has started, and reports which earlier outputs it saw.
struct DependentStage: InspectionStage {
    var name: String
    var inputs: [String]?
    var awaiting: [String] = []
    var fails = false
    let started: StartedStages

    struct Boom: Error, CustomStringConvertible { var description: String { "no axis" } }

    func run(_ input: StageInput) async throws -> StageOutput {
        await started.insert(name)
        for _ in 0..<2000 where !(await started.containsAll(awaiting)) { try await Task.sleep(for: .milliseconds(10)) }
        guard await started.containsAll(awaiting) else { throw Boom() }
        if fails { throw Boom() }
        let seen = input.earlier.keys.sorted().joined(separator: ",")
        return StageOutput(details: .object(["saw": .string(seen)]))
    }
}

actor StartedStages {
    private var names: Set<String> = []
    func insert(_ name: String) { names.insert(name) }
    func containsAll(_ wanted: [String]) -> Bool { wanted.allSatisfy(names.contains) }
}

/// What happened to a `HintedVolume`, in order: read-ahead hints and stage runs.
final class VolumeEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ event: String) { lock.lock(); list.append(event); lock.unlock() }
    var events: [String] { lock.lock(); defer { lock.unlock() }; return list }
}

/// An in-memory volume of `depth` slices that logs every `willRead` hint.
struct HintedVolume: SliceSource {
    var depth: Int
    let log: VolumeEvents
    var shape: VolumeShape { VolumeShape(width: 4, height: 4, depth: depth) }
    var voxelSize: VoxelSize { VoxelSize(isotropic: 0.06) }
    func slice(_ index: Int) throws -> GrayImage { GrayImage(width: 4, height: 4, repeating: Float(index)) }
    func willRead(_ indices: [Int]) { log.append("read ahead \(indices)") }
}

struct HintedLoader: VolumeLoader {
    var volume: HintedVolume
    func open(_ scan: Scan, voxelSize: VoxelSize?) throws -> OpenedVolume {
        OpenedVolume(volume: volume, voxelSizeSource: .jsonSidecar)
    }
}

/// A stage that plans to read `planned` and logs when it runs.
struct PlannedStage: InspectionStage {
    var name: String
    var kind: StageKind = .analysis
    var planned: [Int]
    var problems: [QualityProblem] = []
    let log: VolumeEvents
    func plannedSlices(of volume: any SliceSource, parameters: AnalysisParameters) -> [Int] { planned }
    func run(_ input: StageInput) async throws -> StageOutput {
        log.append("run \(name)")
        return StageOutput(problems: problems)
    }
}
