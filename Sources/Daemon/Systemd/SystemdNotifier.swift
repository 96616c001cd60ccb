import CSystemd
import Foundation

/// Tells systemd how the service is doing, through sd_notify(3): READY=1 once
/// started, STATUS= for `systemctl status`, WATCHDOG=1 while the work loop
/// turns, RELOADING=1 / STOPPING=1 around reloads and shutdown.
///
/// Disabled when NOTIFY_SOCKET is unset (run by hand), so every call is free.
public struct SystemdNotifier: Sendable {
    public let isEnabled: Bool
    /// The watchdog deadline systemd set (WatchdogSec=), nil if none. Feed it at
    /// least twice per interval.
    public let watchdogInterval: Duration?

    public static let disabled = SystemdNotifier(isEnabled: false, watchdogInterval: nil)

    init(isEnabled: Bool, watchdogInterval: Duration?) {
        self.isEnabled = isEnabled
        self.watchdogInterval = watchdogInterval
    }

    /// Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment
    /// (the latter two through sd_watchdog_enabled, which checks the pid is ours).
    public static func fromEnvironment() -> SystemdNotifier {
        guard let socket = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !socket.isEmpty else {
            return .disabled
        }
        var microseconds: UInt64 = 0
        let watchdog = sd_watchdog_enabled(0, &microseconds) > 0 && microseconds > 0
            ? Duration.microseconds(Int64(microseconds)) : nil
        return SystemdNotifier(isEnabled: true, watchdogInterval: watchdog)
    }

    /// Sends `KEY=value` assignments in one datagram; false if it could not be sent.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        guard isEnabled, !assignments.isEmpty else { return false }
        let text = assignments.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
        return sd_notify(0, text) > 0
    }

    public func ready(status: String) { send(["READY=1", "STATUS=" + status]) }
    public func status(_ text: String) { send(["STATUS=" + text]) }
    public func watchdog() { send(["WATCHDOG=1"]) }
    public func reloading() {
        // systemd 253+ wants the monotonic time with RELOADING=1; older ignore it.
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(microseconds)"])
    }
    public func stopping(status: String) { send(["STOPPING=1", "STATUS=" + status]) }
}
