import CellQATestKit
import Daemon
import Foundation
import Glibc
import Testing

/// sd_notify against a datagram socket of the test's own, named in NOTIFY_SOCKET
/// as systemd does. Serialized: the environment is process-wide.
@Suite(.serialized) struct SystemdNotifierTests {
    /// A bound AF_UNIX datagram socket that collects what sd_notify sends.
    final class NotifySocket: Sendable {
        let fd: Int32
        let path: String

        init(path: String) throws {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: Array(path.utf8) + [0])
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard fd >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }

        deinit { close(fd) }

        /// Every datagram received so far.
        func drain() -> [String] {
            var messages: [String] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                guard count > 0 else { return messages }
                messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
            }
        }
    }

    @Test func daemonSendsReadyStatusWatchdogAndStopping() async throws {
        let dir = try TemporaryDirectory()
        let export = try TemporaryDirectory()
        defer { dir.remove(); export.remove() }
        let socket = try NotifySocket(path: dir.file("notify.sock"))
        setenv("NOTIFY_SOCKET", socket.path, 1)
        setenv("WATCHDOG_USEC", "200000", 1) // 0.2 s: fed every ≥ 0.1 s
        setenv("WATCHDOG_PID", String(getpid()), 1)
        defer { unsetenv("NOTIFY_SOCKET"); unsetenv("WATCHDOG_USEC"); unsetenv("WATCHDOG_PID") }
        let notifier = SystemdNotifier.fromEnvironment()
        #expect(notifier.isEnabled)
        #expect(notifier.watchdogInterval == .milliseconds(200))

        _ = try await ExportSimulator(root: export.url).exportComplete("cell42", slices: 2)
        try await Task.sleep(for: .milliseconds(300)) // past the 0.2 s settle: complete at catch-up
        let harness = DaemonHarness(export: export)
        let running = harness.start(notifier: notifier)
        var received: [String] = []
        let sawVerdict = await eventually {
            received += socket.drain()
            return received.contains { $0.contains("last cell42 PASS") }
        }
        try await Task.sleep(for: .milliseconds(400))
        try await running.stop()
        received += socket.drain()

        let ready = received.first { $0.hasPrefix("READY=1\nSTATUS=catch-up") }
        #expect(ready == "READY=1\nSTATUS=catch-up: 1 queued; 1 waiting, 0 inspecting, 0 done")
        #expect(sawVerdict)
        #expect(received.contains("STATUS=0 waiting, 0 inspecting, 1 done; last cell42 PASS"))
        let pings = received.filter { $0 == "WATCHDOG=1" }.count
        #expect(pings >= 2, "watchdog fed \(pings) times in ≥ 0.4 s")
        #expect(received.last?.hasPrefix("STOPPING=1\nSTATUS=stopping") == true)
    }

    @Test func disabledWithoutNotifySocket() {
        unsetenv("NOTIFY_SOCKET")
        let notifier = SystemdNotifier.fromEnvironment()
        #expect(!notifier.isEnabled)
        #expect(notifier.send(["READY=1"]) == false)
    }
}
