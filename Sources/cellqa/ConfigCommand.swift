import ArgumentParser
import Foundation
import Inspection

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Configuration tools.",
        subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a daemon configuration (and its tolerance tables) or one tolerance table.",
            discussion: "Prints every problem as FILE:LINE: message; exit code 0 when valid, 78 otherwise.")

        @Argument(help: "A daemon configuration (with a [folders] table) or a tolerance table.") var file: String
        @Flag(help: "Do not require the folders named in the configuration to exist.") var skipFolders = false

        func run() async throws {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            let isDaemonConfig = text.range(of: #"(?m)^\s*\[folders\]"#, options: .regularExpression) != nil
            do {
                if isDaemonConfig {
                    let (config, tables) = try ConfigurationLoader.loadWithTolerances(path: file, checkFolders: !skipFolders)
                    print("ok: \(file): daemon configuration, rule \(config.completion.kind.rawValue), \(tables.count) tolerance tables (\(tables.keys.sorted().joined(separator: ", "))) in \(config.tolerancesFolder)")
                    print("config sha256 \(config.hash)")
                } else {
                    let table = try ToleranceTableLoader.load(path: file)
                    print("ok: \(file): tolerance table for format \(table.format), \(table.limits.count) metrics")
                    print("table sha256 \(table.hash)")
                }
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(VerdictExitCode.configuration)
            }
        }
    }
}
