import ArgumentParser
import Foundation
import Inspection
import Store

/// Where the one-shot commands find their settings: `--config FILE` when given,
/// else built-in defaults with the
/// tolerance tables of `./config/tolerances` (or `/etc/cellqa/tolerances`) and
/// results in `./results` (database `./results/cellqa.sqlite`).
struct Settings {
    var configuration: DaemonConfiguration
    var tolerances: [String: ToleranceTable]

    static func load(configPath: String?) throws -> Settings {
        let fm = FileManager.default
        if let path = configPath {
            do {
                let (configuration, tables) = try ConfigurationLoader.loadWithTolerances(path: path, checkFolders: false)
                return Settings(configuration: configuration, tolerances: tables)
            } catch {
                throw ConfigurationFailure(errors: error)
            }
        }
        var configuration = DaemonConfiguration()
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath)
        configuration.resultsFolder = cwd.appendingPathComponent("results").path
        configuration.databasePath = cwd.appendingPathComponent("results/cellqa.sqlite").path
        // Tolerance tables: a checkout's config/tolerances, else an installation's
        // /etc/cellqa/tolerances, else the ones built into the binary.
        let local = cwd.appendingPathComponent("config/tolerances").path
        let installed = "/etc/cellqa/tolerances"
        do {
            for folder in [local, installed] where fm.fileExists(atPath: folder) {
                configuration.tolerancesFolder = folder
                return Settings(configuration: configuration, tolerances: try ToleranceTableLoader.loadAll(folder: folder))
            }
            configuration.tolerancesFolder = "embedded"
            return Settings(configuration: configuration, tolerances: try EmbeddedDefaults.tables())
        } catch {
            throw ConfigurationFailure(errors: error)
        }
    }

    /// `load`, or the configuration's errors on stderr and exit 78: what every
    /// command that reads the configuration does with a bad one.
    static func loadOrExit(configPath: String?) throws -> Settings {
        do { return try load(configPath: configPath) } catch let failure as ConfigurationFailure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode(VerdictExitCode.configuration)
        }
    }

    /// The database for the read-only commands: `--database`, else the config's.
    static func openExistingStore(database: String?, configPath: String?) throws -> ScanStore {
        try ScanStore(path: existingDatabasePath(database: database, configPath: configPath))
    }

    /// The path of the database for the read-only commands (`report`, `show`,
    /// `serve`): `--database`, else the config's, else ./results/cellqa.sqlite;
    /// it must exist (inspections create it).
    static func existingDatabasePath(database: String?, configPath: String?) throws -> String {
        let path: String
        if let database {
            path = database
        } else if let configPath {
            do { path = try ConfigurationLoader.load(path: configPath, checkFolders: false).databasePath } catch {
                throw ConfigurationFailure(errors: error)
            }
        } else {
            path = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("results/cellqa.sqlite").path
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no database at \(path): give --database PATH or --config FILE (inspections create it)")
        }
        return path
    }

    /// The results folder for `serve`: `--results`, else the config's, else ./results.
    static func resultsFolder(results: String?, configPath: String?) throws -> String {
        if let results { return results }
        if let configPath {
            do { return try ConfigurationLoader.load(path: configPath, checkFolders: false).resultsFolder } catch {
                throw ConfigurationFailure(errors: error)
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("results").path
    }
}

/// Configuration errors: printed one per line, exit code 78 (EX_CONFIG).
struct ConfigurationFailure: Error, CustomStringConvertible {
    var errors: ConfigErrors
    var description: String { errors.description }
}

/// Exit codes of `cellqa inspect` (also in docs/record-schema.md).
enum VerdictExitCode {
    static func code(for verdict: Verdict) -> Int32 {
        switch verdict {
        case .pass: return 0
        case .fail: return 1
        case .invalid: return 2
        case .error: return 3
        }
    }

    /// The record was made but a sink could not store it.
    static let sinkFailure: Int32 = 4
    /// The configuration or a tolerance table is invalid (sysexits EX_CONFIG).
    static let configuration: Int32 = 78
}
