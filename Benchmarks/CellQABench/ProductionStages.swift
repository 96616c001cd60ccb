import Foundation
import Imaging
import VolumeIO
import Phantom
import Analysis
import Inspection
import Reporting
import Store

/// The stages on a production-size phantom read back from disk
/// (`PhantomSpec.productionSize`: 1000×1000×2000, 16-bit, ~4 GB), or the
/// `--quick` variant with 200 slices.
enum ProductionStages {
    static let names = ["read", "read_cold", "open_cold", "quality", "can", "can_all_slices", "winding", "overhang",
                        "inspect", "inspect_step_10", "inspect_cold", "cat_nrrd_cold", "read_nrrd_cold"]
    /// Every k-th slice for the quality gate and the can analysis.
    static let sliceStep = 10

    /// The phantom: production size, or 200 slices with the cathode top moved to
    /// slice 100 so the roll ends stay inside the short volume.
    static func spec(quick: Bool) -> PhantomSpec {
        var s = PhantomSpec.productionSize
        if quick {
            s.depth = 200
            s.overhangs.cathodeTop = 0.019 * 100
        }
        return s
    }

    /// The slices of the top end region: the roll top (anode ends) to past the cathode ends.
    static func topRegion(quick: Bool) -> Range<Int> { quick ? 0..<200 : 0..<400 }

    /// Writes the phantom into `folder` once; a `complete.json` marker with the
    /// spec's shape says a previous run finished it.
    static func ensurePhantom(in folder: String, quick: Bool) async throws -> Bool {
        let s = spec(quick: quick)
        let marker = folder + "/complete.json"
        let expected = "\(s.width)x\(s.height)x\(s.depth)"
        if let text = try? String(contentsOfFile: marker, encoding: .utf8), text.contains(expected) { return false }
        try? FileManager.default.removeItem(atPath: folder)
        let every = max(1, s.depth / 10)
        try await PhantomWriter.write(try PhantomVolume(spec: s), to: folder, layout: .folder) { z in
            if z % every == 0 { FileHandle.standardError.write(Data("  phantom: slice \(z)/\(s.depth)\n".utf8)) }
        }
        try "{\"shape\": \"\(expected)\"}\n".write(toFile: marker, atomically: true, encoding: .utf8)
        return true
    }

    static func run(_ name: String, folder: String, quick: Bool, repetitions: Int) async throws -> StageTiming {
        let s = spec(quick: quick)
        let group = quick ? "phantom_quick" : "phantom_production"
        let shape = "\(s.width)×\(s.height)×\(s.depth)"
        func timing(_ note: String, _ m: (wall: [Double], cpu: [Double], check: String)) -> StageTiming {
            StageTiming(name: name, group: group, wallSeconds: m.wall, cpuSeconds: m.cpu,
                        peakRSSMiB: peakRSSMiB(), note: note, check: m.check)
        }
        let volume = try TIFFVolume.open(folder, voxelSize: s.voxelSize)
        // The whole-volume run of every slice takes ~25 s: once is enough.
        let repetitions = name == "can_all_slices" ? 1 : repetitions
        switch name {
        case "read":
            return timing("libtiff decode of all \(shape) slices, in parallel, files in the page cache (the I/O floor)",
                          try await measure(repetitions: repetitions) { try await ExampleStages.readAll(volume) })
        case "read_cold":
            return timing("the same with the files dropped from the page cache first (posix_fadvise DONTNEED): read from disk",
                          try await measure(repetitions: repetitions, prepare: { evictFromPageCache(folder) }) {
                try await ExampleStages.readAll(volume)
            })
        case "open_cold":
            return timing("TIFFVolume.open (every header read and validated, no pixels) with the files dropped from the page cache first",
                          try await measure(repetitions: repetitions, prepare: { evictFromPageCache(folder) }) {
                let v = try TIFFVolume.open(folder, voxelSize: s.voxelSize)
                return "\(v.shape.depth) headers"
            })
        case "inspect_cold":
            return timing("the whole inspection (built-in settings) with the files dropped from the page cache first, as `read_cold`",
                          try await measure(repetitions: repetitions, prepare: { evictFromPageCache(folder) }) {
                try await inspectOnce(folder, sliceStep: nil)
            })
        case "cat_nrrd_cold":
            let nrrd = try nrrdCopy(of: volume, folder: folder)
            return timing("the I/O floor of the same volume as one raw NRRD file: read sequentially in 1 MiB blocks, as `cat`, "
                          + "after dropping it from the page cache",
                          try await measure(repetitions: repetitions, prepare: { PageCache.drop(nrrd) }) {
                "\(try readSequentially(nrrd)) bytes"
            })
        case "read_nrrd_cold":
            let nrrd = try nrrdCopy(of: volume, folder: folder)
            return timing("RawVolume: every slice of the NRRD file decoded (pread per slice, in parallel), after dropping it "
                          + "from the page cache",
                          try await measure(repetitions: repetitions, prepare: { PageCache.drop(nrrd) }) {
                try await ExampleStages.readAll(try RawVolume.open(nrrd))
            })
        case "quality":
            return timing("ScanQuality.analyze, every \(sliceStep)th slice (read included)",
                          try await measure(repetitions: repetitions) {
                let r = try await ScanQuality.analyze(volume, parameters: ScanQualityParameters(sliceStep: sliceStep))
                return "slices \(r.details.slices.count), measurable \(r.details.measurable)"
            })
        case "can", "can_all_slices":
            // The pipeline's threshold: midway between air and steel on the middle slice.
            let level = try CanThreshold.automatic(middleSliceOf: volume)
            let step = name == "can" ? sliceStep : 1
            return timing("CanVolumeAnalysis, threshold \(level) as the can stage, every \(step == 1 ? "" : "\(step)th ")slice (read included)",
                          try await measure(repetitions: repetitions) {
                let r = try await CanVolumeAnalysis(segmentation: .fixed(level), step: step).run(volume)
                let od = r.measurements.first { $0.id == .canOuterDiameter }?.value ?? .nan
                return String(format: "measured %d, skipped %d, OD %.3f mm (truth %.3f)", r.details.slices.count,
                              r.details.skipped.count, od, s.can.outerDiameter)
            })
        case "winding":
            // The slices the pipeline fits: the roll body between the strips' ends, every k-th.
            let truth = PhantomTruth(spec: s)
            var options = WindingCellAnalysis.Options()
            options.step = sliceStep
            options.first = Int((s.overhangs.cathodeTop / s.voxelSize.z).rounded(.up)) + 10
            options.last = s.depth - 1
            options.winding.pixelSizeMM = s.voxelSize.inPlane
            options.segmentation = WindingSegmentation.Options(canThreshold: .fixed(Float(truth.thresholds.canReference)),
                                                               electrodeThreshold: .otsuInsideCan)
            return timing("WindingCellAnalysis, every \(sliceStep)th slice of \(options.first)…\(options.last!) (read included)",
                          try await measure(repetitions: repetitions) {
                let r = try await WindingCellAnalysis(source: volume, options: options, centre: WindingCentreFinder.canEllipse)
                return "slices \(r.report.details.slices?.count ?? 0), layers \(r.report.details.fittedLayerCount)"
            })
        case "inspect", "inspect_step_10":
            let step: Int? = name == "inspect" ? nil : 10
            let sampling = step.map { "slice_step = \($0), every \(Double($0) * s.voxelSize.z) mm" } ?? "slice_pitch_mm = 0.5, the default"
            return timing("the whole inspection as `cellqa inspect` runs it (built-in settings, \(sampling), config/tolerances): "
                          + "open, gate, can, winding, overhang, verdict, results folder + SQLite row",
                          try await measure(repetitions: repetitions) { try await inspectOnce(folder, sliceStep: step) })
        case "overhang":
            let truth = PhantomTruth(spec: s)
            let last = Double(s.depth - 1)
            let a = truth.canCentre(slice: 0), b = truth.canCentre(slice: last)
            let axis = AxisLine(first: .init(x: a.col, y: a.row), atSlice: 0, last: .init(x: b.col, y: b.row), atSlice: last)
            let top = topRegion(quick: quick)
            return timing("OverhangAnalysis, 5° sections over slices \(top.lowerBound)..<\(top.upperBound) (read included)",
                          try await measure(repetitions: repetitions) {
                let r = try await OverhangAnalysis().run(volume, axis: axis, top: top)
                return "sections \(r.sections.count), overhangs \(r.report.details.overhangs.count)"
            })
        default:
            throw BenchError.unknownStage(name)
        }
    }

    /// The volume as one raw NRRD file beside its folder (written once, 16-bit), for the
    /// raw reader's timings.
    static func nrrdCopy(of volume: TIFFVolume, folder: String) throws -> String {
        let path = folder + ".nrrd"
        if !FileManager.default.fileExists(atPath: path) {
            FileHandle.standardError.write(Data("  writing \(path)\n".utf8))
            try RawVolumeWriter.writeNRRD(volume, to: path, as: .uint16)
        }
        return path
    }

    /// Reads `path` from start to end in 1 MiB blocks (what `cat` does); returns the bytes read.
    static func readSequentially(_ path: String) throws -> Int {
        guard let file = FileHandle(forReadingAtPath: path) else { throw BenchError.unreadable(path) }
        defer { try? file.close() }
        var total = 0
        while let block = try file.read(upToCount: 1 << 20), !block.isEmpty { total += block.count }
        return total
    }

    /// Drops the volume's files from the page cache (clean pages; no privileges
    /// needed), so the next read comes from the disk.
    static func evictFromPageCache(_ folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".tif") {
            PageCache.drop(folder + "/" + name)
        }
    }

    /// One inspection through `StandardPipeline`, its record written to a scratch
    /// results folder and database; the check lists the stage times.
    static func inspectOnce(_ folder: String, sliceStep: Int?) async throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cellqa-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var configuration = DaemonConfiguration()
        configuration.tolerancesFolder = "config/tolerances"
        configuration.analysis.sliceStep = sliceStep
        let inspector = StandardPipeline.inspector(configuration,
                                                   tolerances: try ToleranceTableLoader.loadAll(folder: configuration.tolerancesFolder))
        let outcome = await inspector.inspect(path: folder)
        let sinkStart = ContinuousClock.now
        try await ResultsFolderSink(root: scratch.appendingPathComponent("results").path).write(outcome)
        try await SQLiteSink(store: try ScanStore(path: scratch.appendingPathComponent("cellqa.sqlite").path)).write(outcome)
        let sinks = (ContinuousClock.now - sinkStart).seconds
        let record = outcome.record
        let stages = record.stages.map { "\($0.name) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
        return "\(record.verdict.rawValue); \(stages); inspect \(String(format: "%.2f", record.totalSeconds)) s, sinks \(String(format: "%.2f", sinks)) s"
    }
}
