import ArgumentParser
import Foundation
import Inspection
import Reporting
import Store

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect one scan (TIFF slices or multi-page TIFF; NRRD, MetaImage, .vol with its header).",
        discussion: """
        Runs the same pipeline as the daemon: quality gate, analyses, tolerance
        judgement; writes a new judgement of the scan (results/<day>/<scan-id>/, or
        <scan-id>--jN/ for the day's N-th, and a database row recorded as a manual
        inspection; earlier judgements are kept) unless --dry-run. Exit code: 0 PASS, 1 FAIL, 2 INVALID, 3 ERROR, 4 the record could
        not be written, 64 bad arguments, 78 invalid configuration.
        """)

    @Argument(help: "Scan folder, multi-page TIFF, or raw volume (.nrrd, .nhdr, .mhd, .mha, .vgi, .xtekVolume, .pcr, .vol).") var path: String
    @Option(help: "Daemon configuration (TOML); default: built-in settings with ./config/tolerances.") var config: String?
    @Flag(help: "Print the record as JSON.") var json = false
    @Flag(help: "Inspect only: write no results folder and no database row.") var dryRun = false
    @Option(help: "Results folder (overrides the configuration).") var results: String?
    @Option(help: "SQLite database (overrides the configuration).") var database: String?

    func run() async throws {
        let settings = try Settings.loadOrExit(configPath: config)
        let inspector = StandardPipeline.inspector(settings.configuration, tolerances: settings.tolerances)
        let outcome = await inspector.inspect(path: path)
        let record = outcome.record

        var written: [String] = []
        var sinkFailed = false
        if !dryRun {
            let resultsRoot = results ?? settings.configuration.resultsFolder
            let databasePath = database ?? settings.configuration.databasePath
            let folderSink = ResultsFolderSink(root: resultsRoot)
            do {
                try await folderSink.write(outcome)
                written.append(folderSink.folder(for: record).path)
            } catch {
                sinkFailed = true
                FileHandle.standardError.write(Data("cellqa: results folder: \(error)\n".utf8))
            }
            do {
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: databasePath).deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                try await SQLiteSink(store: try ScanStore(path: databasePath), origin: .manual).write(outcome)
                written.append(databasePath)
            } catch {
                sinkFailed = true
                FileHandle.standardError.write(Data("cellqa: database: \(error)\n".utf8))
            }
        }

        if json {
            print(String(decoding: try record.jsonData(), as: UTF8.self))
        } else {
            print(RecordText.summary(record, written: written))
        }
        if sinkFailed { throw ExitCode(VerdictExitCode.sinkFailure) }
        let code = VerdictExitCode.code(for: record.verdict)
        if code != 0 { throw ExitCode(code) }
    }
}
