import Foundation

/// Command line of `CellQABench` (see Benchmarks/README.md).
struct BenchOptions: Sendable {
    var data: String?
    var cache = "/tmp/cellqa-bench"
    var quick = false
    var repetitions = 3
    /// Repetitions of each phantom stage (median reported); `can_all_slices` runs once.
    var phantomRepetitions = 3
    var reference: String?
    var output: String?
    var example = true
    var phantom = true
    /// Child mode: run one stage ("example/can_slice", "phantom/read", "phantom/generate") and print its JSON.
    var stage: String?

    static let usage = """
        CellQABench [--quick] [--data DIR] [--cache DIR] [--reps N] [--phantom-reps N]
                    [--reference timings.json] [--out result.json] [--no-example] [--no-phantom]
        """

    init(arguments: [String]) throws {
        var it = arguments.makeIterator()
        func next(_ flag: String) throws -> String {
            guard let v = it.next() else { throw BenchError.usage("\(flag) needs a value\n\(Self.usage)") }
            return v
        }
        while let a = it.next() {
            switch a {
            case "--data": data = try next(a)
            case "--cache": cache = try next(a)
            case "--quick": quick = true
            case "--reps": repetitions = Int(try next(a)) ?? 3
            case "--phantom-reps": phantomRepetitions = Int(try next(a)) ?? 3
            case "--reference": reference = try next(a)
            case "--out": output = try next(a)
            case "--no-example": example = false
            case "--no-phantom": phantom = false
            case "--stage": stage = try next(a)
            case "-h", "--help": throw BenchError.usage(Self.usage)
            default: throw BenchError.usage("unknown argument \(a)\n\(Self.usage)")
            }
        }
    }

    /// The arguments a child process needs to run `stage` the same way.
    func childArguments(stage: String) -> [String] {
        var a = ["--stage", stage, "--cache", cache, "--reps", String(repetitions),
                 "--phantom-reps", String(phantomRepetitions)]
        if let data { a += ["--data", data] }
        if quick { a.append("--quick") }
        return a
    }

    var phantomFolder: String { cache + (quick ? "/quick" : "/production") }
}
