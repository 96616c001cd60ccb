import Foundation

// cellqa benchmarks: every stage runs in its own child process (so its peak RSS is
// its own) and prints one JSON line; the parent collects them, puts the scikit-image
// reference beside them, prints the table and writes the result file.

// Profile stages run synchronously on the main thread with no task ever started:
// valgrind 3.19 crashes once the Swift async main hands the thread to dispatch.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let options = try BenchOptions(arguments: arguments)
    if let stage = options.stage, stage.hasPrefix("profile/") {
        guard let data = options.data else { throw BenchError.usage("profile stages need --data") }
        try printJSON(ProfileStages.run(String(stage.dropFirst("profile/".count)), data: data))
        exit(0)
    }
    Task.detached {
        do {
            if let stage = options.stage {
                try printJSON(await runStage(stage, options))
            } else {
                try await BenchRun(options: options).run()
            }
            exit(0)
        } catch {
            fail(error)
        }
    }
    dispatchMain()
} catch {
    fail(error)
}

func fail(_ error: any Error) -> Never {
    FileHandle.standardError.write(Data("CellQABench: \(error)\n".utf8))
    exit(1)
}

func printJSON(_ timing: StageTiming) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(timing), as: UTF8.self))
}

/// Child mode: one stage, measured in this process.
func runStage(_ stage: String, _ options: BenchOptions) async throws -> StageTiming {
    let parts = stage.split(separator: "/").map(String.init)
    guard parts.count == 2 else { throw BenchError.unknownStage(stage) }
    switch parts[0] {
    case "example":
        guard let data = options.data else { throw BenchError.usage("example stages need --data") }
        return try await ExampleStages.run(parts[1], data: data, repetitions: options.repetitions)
    case "phantom" where parts[1] == "generate":
        let m = try await measure(repetitions: 1) {
            let wrote = try await ProductionStages.ensurePhantom(in: options.phantomFolder, quick: options.quick)
            return wrote ? "generated \(options.phantomFolder)" : "reused \(options.phantomFolder)"
        }
        return StageTiming(name: "generate", group: options.quick ? "phantom_quick" : "phantom_production",
                           wallSeconds: m.wall, cpuSeconds: m.cpu, peakRSSMiB: peakRSSMiB(),
                           note: "PhantomWriter.write, folder layout (0 s when the cache is reused)", check: m.check)
    case "phantom":
        return try await ProductionStages.run(parts[1], folder: options.phantomFolder, quick: options.quick,
                                              repetitions: options.phantomRepetitions)
    default:
        throw BenchError.unknownStage(stage)
    }
}
