import ArgumentParser
import Foundation
import Inspection

/// `cellqa analyze <stage> PATH --config FILE`: the line's stage with the line's
/// configuration, through the inspector `cellqa inspect` uses (gate first, then
/// the stages it reads), so it prints the numbers `inspect` records for that
/// stage. Without `--config` the commands keep their own options (tuning a kernel);
/// with it those options do not apply (`LineAnalysis.refuse`), since a number that
/// `inspect` would not record is what a site must not tune on.
enum LineAnalysis {
    /// What `--json` prints: the stage's record entry, its judged metrics and what it could not measure.
    struct Output: Encodable {
        var stage: StageRecord?
        var metrics: [MetricJudgement]
        var unmeasured: [UnmeasuredMetric]
        /// The gate's or the inspection's reasons when the stage did not run.
        var reasons: [String]
        var reasonCodes: [String]

        enum CodingKeys: String, CodingKey {
            case stage, metrics, unmeasured, reasons, reasonCodes = "reason_codes"
        }
    }

    /// The line's stages `name` needs, in line order: every quality gate, the
    /// analysis stages it reads (and those they read), and the stage itself.
    static func stages(for name: String, of line: [any InspectionStage]) -> [any InspectionStage] {
        let analyses = line.filter { $0.kind == .analysis }
        var needed: Set<String> = [name]
        var changed = true
        while changed {
            changed = false
            for (i, stage) in analyses.enumerated() where needed.contains(stage.name) {
                let reads = stage.inputs ?? analyses[..<i].map(\.name)
                for input in reads where !needed.contains(input) {
                    needed.insert(input)
                    changed = true
                }
            }
        }
        return line.filter { $0.kind == .qualityGate || needed.contains($0.name) }
    }

    /// A `ValidationError` naming the options that do not apply with `--config`, if any was given.
    static func refuse(_ given: [String], stage: String) throws {
        guard !given.isEmpty else { return }
        throw ValidationError(
            "\(given.joined(separator: ", ")) do not apply with --config: the line's `\(stage)` stage runs with the "
                + "configuration's [analysis] and [quality] settings; change those, or drop --config")
    }

    /// Inspects `path` with the line's stages for `name` and prints that stage's
    /// numbers; exits as `inspect` would when the stage did not run (INVALID 2, ERROR 3).
    static func run(stage name: String, path: String, configPath: String, json: Bool) async throws {
        let settings = try Settings.loadOrExit(configPath: configPath)
        var inspector = StandardPipeline.inspector(settings.configuration, tolerances: settings.tolerances)
        inspector.stages = stages(for: name, of: inspector.stages)
        let record = await inspector.inspect(path: path).record
        let stage = record.stages.first { $0.name == name }
        let ran = stage?.status == .ok
        // The gate's INVALID reasons are its result; an analysis' say why it did not
        // run. (Metrics the table requires from stages not run here are no reason.)
        let withReasons = !ran || (stage?.kind == .qualityGate && record.verdict == .invalid)
        let output = Output(
            stage: stage, metrics: record.metrics.filter { $0.stage == name },
            unmeasured: record.unmeasured.filter { $0.stage == name },
            reasons: withReasons ? record.reasons : [], reasonCodes: withReasons ? record.reasonCodes : [])
        if json {
            try printJSON(output)
        } else {
            print("the line's `\(name)` stage, configuration \(configPath), as `cellqa inspect` records it")
            for m in output.metrics {
                let u = m.uncertainty.map { " ± \(Formatting.number($0))" } ?? ""
                print("\(m.metric.rawValue)\t\(Formatting.number(m.value))\(u)\t\(m.unit)")
            }
            for u in output.unmeasured { print("\(u.metric.rawValue)\tnot measured (\(u.code)): \(u.reason)") }
            if !ran {
                print("`\(name)` did not run (\(record.verdict.rawValue)):")
            } else if stage?.kind == .qualityGate {
                print(output.reasons.isEmpty ? "measurable: yes" : "measurable: NO")
            }
            for (code, text) in zip(output.reasonCodes, output.reasons) { print("  [\(code)] \(text)") }
        }
        if !ran { throw ExitCode(VerdictExitCode.code(for: record.verdict == .pass ? .error : record.verdict)) }
    }
}
