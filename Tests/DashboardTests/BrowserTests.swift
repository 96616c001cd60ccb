import CellQATestKit
@testable import Dashboard
import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 21: a real browser (Debian's headless Chromium) loads the Now and Metric
/// pages from the server on loopback; the chart is in the rendered document and
/// the page paints. Skipped where Chromium is not installed.
@Suite("Dashboard in a browser")
struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs Chromium headless with `arguments` + `url`; its standard output. Killed after 60 s.
    ///
    /// The pipe is read and the process awaited on a thread of its own, never on the
    /// cooperative pool: a blocking read there held one of its two threads (2-core CI)
    /// while the server in this process needed the pool to answer the browser, and the
    /// test hung. The watchdog is a Dispatch timer for the same reason, and kills.
    static func chromium(_ arguments: [String], url: String, home: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(home)/profile", "--window-size=1100,1200"] + arguments + [url]
        process.environment = ["HOME": home, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier, finished = Flag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if !finished.isSet { kill(pid, SIGKILL) } }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                finished.set()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// A flag set once, read from another thread.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    @Test(.enabled(if: chromium != nil, "chromium not installed: skipping the browser check"))
    func pagesRenderInChromium() async throws {
        let fixture = try await DashboardServerTests.Fixture(); defer { fixture.dir.remove() }
        let home = fixture.dir.file("browser")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try await fixture.server().application(host: "127.0.0.1", port: 0).test(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            let now = try await Self.chromium(["--dump-dom"], url: base + "/", home: home)
            #expect(now.contains("<b id=\"count-total\">13</b>"))
            let metricURL = base + "/metric/can.outer_diameter_mm?format=18650&baseline=7"
            let metric = try await Self.chromium(["--dump-dom"], url: metricURL, home: home)
            // The browser parsed the inline SVG into elements: the chart, its 12 points, 3 marked.
            #expect(metric.contains("<svg id=\"individuals\""))
            #expect(metric.components(separatedBy: "<circle class=\"violation\"").count - 1 == 3)
            #expect(metric.components(separatedBy: "<circle class=\"point\"").count - 1 == 9 + 11)
            let shot = fixture.dir.file("metric.png")
            _ = try await Self.chromium(["--screenshot=\(shot)"], url: metricURL, home: home)
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(png.count > 10_000, "a painted page, not a blank one: \(png.count) bytes")
        }
    }
}
