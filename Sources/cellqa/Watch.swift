import ArgumentParser
import Daemon
import Dashboard
import Foundation
import Inspection
import Logging
import Reporting
import ServiceLifecycle
import Store

/// `cellqa watch`: the daemon. Run by cellqa.service (Type=notify); by hand it
/// logs to stderr and stops on Ctrl-C.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch the scanner's export folder and inspect every complete scan once.",
        discussion: """
        At start, every complete scan without a record is queued (catch-up). A scan
        is complete by the [completion] rule of the configuration; one that stops
        changing without completing is recorded as ERROR after stall_timeout_seconds.
        SIGHUP reloads the configuration and tolerance tables; SIGTERM/SIGINT finish
        the running inspection and exit 0. Exit code 78: invalid configuration.
        """)

    @Option(help: "Daemon configuration (TOML).") var config = "/etc/cellqa/cellqa.toml"
    @Option(help: "Where to log: auto (the journal under systemd, else stderr), journal or stderr.")
    var log: DaemonLogging.Destination = .auto
    @Option(help: "Seconds a scan's files must stay unchanged before it counts as complete.")
    var settleSeconds: Double = 2
    @Option(help: "Seconds between looks at exports in progress.") var pollSeconds: Double = 0.5
    @Flag(help: "Log debug messages.") var verbose = false

    func validate() throws {
        guard settleSeconds >= 0, pollSeconds > 0 else {
            throw ValidationError("--settle-seconds must be ≥ 0 and --poll-seconds > 0")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(DaemonLogging.factory(log, level: verbose ? .debug : .info))
        let logger = Logger(label: "cellqa.watch")
        let timing = Timing(settle: settleSeconds, poll: pollSeconds)
        let setup: Setup
        do {
            setup = try Setup.load(configPath: config, timing: timing, logger: logger)
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(VerdictExitCode.configuration) // 78: cellqa.service does not restart on it
        }
        let configPath = config
        let daemon = WatchDaemon(
            settings: setup.settings, inspector: setup.inspector, ledger: setup.store,
            fingerprint: { try ScanFingerprint.compute(path: $0) }, logger: logger,
            reload: {
                // The ledger the daemon asks "already inspected?" is the store opened at start:
                // a reload that moved the database or results would record where it does not look.
                let fresh = try Setup.load(configPath: configPath, timing: timing, logger: logger, running: setup)
                return WatchReload(settings: fresh.settings, inspector: fresh.inspector)
            },
            drift: LogDriftWatch(reader: try LogReader(path: setup.store.path)))
        var group = ServiceGroupConfiguration(services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Inside TimeoutStopSec=120s of cellqa.service: past this the running
        // inspection is cancelled and abandoned (no record; redone at the next start).
        group.maximumGracefulShutdownDuration = .seconds(100)
        try await ServiceGroup(configuration: group).run()
    }

    struct Timing: Sendable {
        var settle: Double
        var poll: Double
    }

    /// Everything built from the configuration file, at start and on SIGHUP.
    struct Setup: Sendable {
        var configuration: DaemonConfiguration
        var settings: WatchSettings
        var inspector: PipelineInspector
        var store: ScanStore

        /// At start (`running` nil), or on SIGHUP: then refused whole, before anything is
        /// opened, when a setting only a restart applies changed, and built on the
        /// running store.
        static func load(configPath: String, timing: Timing, logger: Logger, running: Setup? = nil) throws -> Setup {
            let (configuration, tolerances) = try ConfigurationLoader.loadWithTolerances(path: configPath, checkFolders: true)
            if let running {
                let keys = restartOnlyChanges(from: running.configuration, to: configuration)
                guard keys.isEmpty else { throw DaemonError.reloadNeedsRestart(keys: keys) }
            }
            let settings = try WatchSettings(configuration: configuration, settle: .milliseconds(Int64(timing.settle * 1000)),
                                             pollInterval: .milliseconds(Int64(timing.poll * 1000))).validated()
            let store = try running?.store ?? ScanStore(path: configuration.databasePath)
            let inspector = PipelineInspector(
                inspector: try Watch.inspector(configuration: configuration, tolerances: tolerances),
                metadataReader: configuration.metadataReader,
                // The database last: a scan counts as recorded only once its folder exists.
                sinks: [ResultsFolderSink(root: configuration.resultsFolder), SQLiteSink(store: store)],
                configHash: configuration.hash, logger: logger)
            return Setup(configuration: configuration, settings: settings, inspector: inspector, store: store)
        }

        /// The sinks the running daemon holds open: changing them takes a restart. The
        /// watch settings a restart alone applies (export folder, concurrency, file events)
        /// the daemon checks itself, on every reload (`WatchDaemon`); these it cannot see.
        static func restartOnlyChanges(from running: DaemonConfiguration, to fresh: DaemonConfiguration) -> [String] {
            [("folders.results", running.resultsFolder != fresh.resultsFolder),
             ("folders.database", running.databasePath != fresh.databasePath)]
                .filter(\.1).map(\.0)
        }
    }

    /// The inspector the daemon runs: must be the one `cellqa inspect` runs.
    static func inspector(configuration: DaemonConfiguration, tolerances: [String: ToleranceTable]) throws -> any Inspector {
        StandardPipeline.inspector(configuration, tolerances: tolerances)
    }
}

extension DaemonLogging.Destination: ExpressibleByArgument {}

/// The daemon's drift alarms, from the dashboard's reader of the same log.
struct LogDriftWatch: DriftWatching {
    let reader: LogReader

    func newAlarms(scanID: String) async throws -> [DriftNotice] {
        try await reader.startingDriftAlarms(scanID: scanID).map {
            DriftNotice(rule: $0.rule.rawValue, words: $0.rule.words, metric: $0.metric, format: $0.format, scanID: $0.scanID)
        }
    }
}
