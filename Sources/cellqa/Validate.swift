import ArgumentParser
import Foundation
import Inspection
import Validation

/// `cellqa validate LOT`: the gauge's capability on a lot with known truth.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect a validation lot with the production pipeline and report the gauge's capability.",
        discussion: """
            Runs the same StandardPipeline and configuration as `inspect` and the daemon on
            every scan of a lot written by `cellqa phantom --lot N LOT`, then writes
            OUT/capability.json (keys in docs/capability.md), OUT/capability.html and every
            record under OUT/records/. Nothing goes to the line's results or database.
            """)

    @Argument(help: "Lot folder (from `cellqa phantom --lot`).") var lot: String
    @Option(help: "Configuration (TOML); default: built-in settings with the shipped tolerance tables.") var config: String?
    @Option(help: "Output folder.") var out = "capability"

    func run() async throws {
        let settings = try Settings.loadOrExit(configPath: config)
        let inspector = StandardPipeline.inspector(settings.configuration, tolerances: settings.tolerances)
        let bar = ProgressBar(label: "validating")
        let started = Date()
        let observations = try await LotValidation(inspector: inspector, tolerances: settings.tolerances,
                                                   quality: settings.configuration.quality).run(lot: lot, records: out) { done, total, o in
            bar.update(done, total, "\(o.id) \(o.observed) (expected \(o.expected.rawValue))")
        }
        let seconds = Date().timeIntervalSince(started)
        let report = CapabilityReport(observations: observations, tolerances: settings.tolerances, inspectionSeconds: seconds)
        let written = try report.write(to: out)
        print(report.summaryText)
        print("written: \(written.joined(separator: ", "))")
    }
}
