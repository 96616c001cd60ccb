import Foundation

/// The parent process: runs every stage as a child, compares with the reference,
/// prints the table and writes `Benchmarks/results/<date>.json`.
struct BenchRun {
    var options: BenchOptions

    struct Row: Codable {
        var stage: StageTiming
        var reference: ReferenceTimings.Entry?
        /// reference ÷ cellqa, wall and CPU (how many times faster cellqa is).
        var speedupWall: Double?
        var speedupCPU: Double?
        /// cellqa ÷ the read-alone floor of the same data (wall).
        var overReadFloor: Double?

        enum CodingKeys: String, CodingKey {
            case stage, reference, speedupWall = "speedup_wall", speedupCPU = "speedup_cpu", overReadFloor = "over_read_floor"
        }
    }

    struct Result: Codable {
        var generatedUTC: String
        var machine: [String: String]
        var loadAverageStart: [Double]
        var loadAverageEnd: [Double]
        var quick: Bool
        var referenceSource: String?
        var referenceProvenance: [String: String]
        var rows: [Row]
        var phantomTotalWall: Double?
        var phantomTotalCPU: Double?
        var phantomPeakRSSMiB: Double?

        enum CodingKeys: String, CodingKey {
            case generatedUTC = "generated_utc", machine, loadAverageStart = "load_average_start"
            case loadAverageEnd = "load_average_end", quick, referenceSource = "reference_source"
            case referenceProvenance = "reference_provenance", rows
            case phantomTotalWall = "phantom_total_wall_s", phantomTotalCPU = "phantom_total_cpu_s"
            case phantomPeakRSSMiB = "phantom_peak_rss_mib"
        }
    }

    func run() async throws {
        let loadStart = loadAverages()
        var timings: [StageTiming] = []
        if options.example {
            if let data = options.data, FileManager.default.fileExists(atPath: data + "/cell_vol") {
                for name in ExampleStages.names { timings.append(try child("example/\(name)")) }
            } else {
                print("example data not found (\(options.data ?? "no --data")): example stages skipped")
            }
        }
        if options.phantom {
            timings.append(try child("phantom/generate"))
            for name in ProductionStages.names { timings.append(try child("phantom/\(name)")) }
        }
        let reference = options.reference.flatMap(ReferenceTimings.init(path:))
        let rows = makeRows(timings, reference: reference)
        // The total is the product's own whole inspection (the `inspect` stage), not a sum of stages.
        let phantomInspection = timings.first { $0.group.hasPrefix("phantom") && $0.name == "inspect" }
        var result = Result(
            generatedUTC: ISO8601DateFormatter().string(from: Date()), machine: machine(),
            loadAverageStart: loadStart, loadAverageEnd: loadAverages(), quick: options.quick,
            referenceSource: reference == nil ? nil : options.reference,
            referenceProvenance: (reference?.provenance ?? [:]).mapValues { "\($0)" }, rows: rows)
        if let inspection = phantomInspection {
            result.phantomTotalWall = inspection.wallMedian
            result.phantomTotalCPU = inspection.cpuMedian
            result.phantomPeakRSSMiB = inspection.peakRSSMiB
        }
        print(ResultTable.render(result))
        if let out = options.output {
            try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try encoder.encode(result).write(to: URL(fileURLWithPath: out))
            print("wrote \(out)")
        }
    }

    func makeRows(_ timings: [StageTiming], reference: ReferenceTimings?) -> [Row] {
        timings.map { t in
            // Cold stages against the cold read, the others against the page-cache read.
            let floorName = t.name.hasSuffix("_cold") ? "read_cold" : "read"
            let floor = timings.first { $0.group == t.group && $0.name == floorName }
            var row = Row(stage: t)
            if t.group == "example", let e = reference?.entry(for: t.name) {
                row.reference = e
                row.speedupWall = e.wall.map { $0 / t.wallMedian }
                row.speedupCPU = e.cpu.map { $0 / t.cpuMedian }
            }
            if let floor, t.name != floorName, t.name != "generate", t.name != "can_slice", t.name != "can_slice_20seeds",
               t.name != "winding" {
                row.overReadFloor = t.wallMedian / floor.wallMedian
            }
            return row
        }
    }

    /// Runs this executable with `--stage` and decodes the JSON line it prints.
    func child(_ stage: String) throws -> StageTiming {
        FileHandle.standardError.write(Data("[bench] \(stage) …\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = options.childArguments(stage: stage)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").last,
              let timing = try? JSONDecoder().decode(StageTiming.self, from: Data(line.utf8))
        else { throw BenchError.childFailed(stage, status: process.terminationStatus, output: text) }
        FileHandle.standardError.write(Data(String(format: "[bench] %@: wall %.3f s, cpu %.3f s, peak %.0f MiB (%@)\n",
                                                   stage, timing.wallMedian, timing.cpuMedian, timing.peakRSSMiB,
                                                   timing.check).utf8))
        return timing
    }

    func machine() -> [String: String] {
        var m = ["cpu_count": String(ProcessInfo.processInfo.activeProcessorCount),
                 "memory_gib": String(format: "%.1f", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824),
                 "os": ProcessInfo.processInfo.operatingSystemVersionString]
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpu.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            m["cpu"] = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        m["timing_note"] = "shared 2-core machine under load: compare CPU seconds; wall is what the line sees"
        return m
    }
}
