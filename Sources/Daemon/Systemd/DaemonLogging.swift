import Foundation
import Logging

/// Chooses where the daemon logs: structured journal entries when running under
/// systemd (stderr is the journal stream), plain stderr lines otherwise.
public enum DaemonLogging {
    public enum Destination: String, Sendable, CaseIterable {
        case auto, journal, stderr
    }

    /// The destination `auto` resolves to in this process.
    public static func resolve(_ destination: Destination,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> Destination {
        guard destination == .auto else { return destination }
        return JournalLogHandler.stderrIsJournal(environment: environment) ? .journal : .stderr
    }

    /// A handler factory for `LoggingSystem.bootstrap`.
    public static func factory(_ destination: Destination, level: Logger.Level = .info) -> @Sendable (String) -> any LogHandler {
        switch resolve(destination) {
        case .journal:
            return { label in
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        default:
            return { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
