import ArgumentParser
import Foundation
import Inspection
import Phantom
import Reporting
import Store

/// `cellqa demo`: the whole product on generated cells, no scanner needed.
/// Writes a nominal phantom and one with a dent beyond tolerance, inspects both
/// with the line's pipeline, and prints what it found and where the records are.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate phantom cells (nominal and dented) and inspect them end to end.")

    @Option(help: "Working folder for the scans, results and database.") var out = "demo-out"

    func run() async throws {
        let root = URL(fileURLWithPath: out).standardizedFileURL
        try? FileManager.default.removeItem(at: root)
        var settings = try Settings.load(configPath: nil)
        settings.configuration.resultsFolder = root.appendingPathComponent("results").path
        settings.configuration.databasePath = root.appendingPathComponent("results/cellqa.sqlite").path
        let cells: [(name: String, serial: String, spec: PhantomSpec, what: String)] = [
            ("SN0001_phantom", "SN0001", .nominal, "nominal cell"),
            ("SN0002_phantom", "SN0002", PhantomSpec.nominal.withDent(depth: 0.5, angleDegrees: 90), "0.5 mm dent in the can"),
        ]
        // The shipped settings: automatic levels, no thresholds set by hand.
        let inspector = StandardPipeline.inspector(settings.configuration, tolerances: settings.tolerances)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("results"), withIntermediateDirectories: true)
        let store = try ScanStore(path: settings.configuration.databasePath)
        for cell in cells {
            let path = root.appendingPathComponent("export/\(cell.name)").path
            print("phantom \(cell.serial): \(cell.what) → \(path)")
            try await PhantomWriter.write(try PhantomVolume(spec: cell.spec), to: path, serial: cell.serial)
            let outcome = await inspector.inspect(path: path)
            try await ResultsFolderSink(root: settings.configuration.resultsFolder).write(outcome)
            try await SQLiteSink(store: store, origin: .manual).write(outcome)
            print(RecordText.summary(outcome.record, written: []))
            print("  report: \(ResultsFolderSink(root: settings.configuration.resultsFolder).folder(for: outcome.record).path)/report.html")
        }
        print("database: \(settings.configuration.databasePath)  (try: cellqa report --database \(settings.configuration.databasePath))")
    }
}
