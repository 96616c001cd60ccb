import Analysis
import CellQATestKit
@testable import Dashboard
import Foundation
import Hummingbird
import HummingbirdTesting
import Inspection
import SPC
import Store
import Testing

/// Issue 21: the dashboard served for real on loopback (an ephemeral port) over
/// a log filled through the Store API, opened read-only after the writer closed.
@Suite("Dashboard over HTTP")
struct DashboardServerTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000) // 2026-11-30
    static let day = "2026-11-30"
    static let limit = ToleranceLimit(lower: 17.8, upper: 18.2)

    /// A can diameter of scan `id` judged against 17.8–18.2 mm.
    static func record(_ id: String, diameter: Double, at seconds: Double, serial: String? = nil,
                       fingerprint: String = "f1") -> InspectionRecord {
        let judgement = MetricJudgement(measurement: Measurement(.canOuterDiameter, diameter, unit: "mm"), limit: limit, stage: "can")
        let pass = judgement.pass == true
        return InspectionRecord(
            scan: Scan(id: id, path: "/export/\(id)", metadata: ScanMetadata(cellFormat: "18650", serial: serial ?? "SN-\(id)")),
            fingerprint: fingerprint, inspectedAt: t0.addingTimeInterval(seconds), day: day, configHash: "config-a",
            toleranceFormat: "18650", toleranceHash: "t", verdict: pass ? .pass : .fail,
            reasons: pass ? [] : [Reason(code: ReasonCode.metric(judgement.metric), text: judgement.failureDescription ?? "fail")],
            metrics: [judgement], stages: [],
            artefacts: [ArtefactReference(name: "overlay.png", caption: "can overlay", stage: "can", mediaType: "image/png")],
            totalSeconds: 1)
    }

    /// The diameters of C0001…C0012 judged a minute apart; C0009 and C0011 fail;
    /// C0003 (18.0 first) is re-exported at 1000 s as 18.25 and fails.
    static let diameters = [18.00, 18.02, 18.00, 17.98, 18.01, 17.99, 18.03, 18.00, 17.70, 18.02, 18.30, 17.97]
    /// The metric's series, one value per scan (its current judgement) in judging order: C0003 last.
    static let series = [18.00, 18.02, 17.98, 18.01, 17.99, 18.03, 18.00, 17.70, 18.02, 18.30, 17.97, 18.25]

    /// 13 scans: 9 PASS, 3 FAIL (C0003, C0009, C0011), 1 INVALID (C9999); C0010's
    /// serial is markup that must come out escaped.
    static func fill(_ path: String) async throws {
        let store = try ScanStore(path: path)
        for (i, d) in diameters.enumerated() {
            let id = String(format: "C%04d", i + 1)
            try await store.save(record(id, diameter: d, at: Double(i) * 60, serial: id == "C0010" ? "SN<script>x</script>&" : nil))
        }
        try await store.save(record("C0003", diameter: 18.25, at: 1000, fingerprint: "f2"))
        try await store.save(InspectionRecord(
            scan: Scan(id: "C9999", path: "/export/C9999", metadata: ScanMetadata(cellFormat: "18650", serial: "SN-C9999")),
            fingerprint: "f1", inspectedAt: t0.addingTimeInterval(1100), day: day, configHash: "config-a",
            toleranceFormat: "18650", toleranceHash: "t", verdict: .invalid,
            reasons: [Reason(code: "quality.tilt_deg", text: "tilt 2.3° > 1.0°: remount the cell in the holder and rescan")],
            metrics: [], stages: [], artefacts: [],
            totalSeconds: 1))
    }

    /// A filled log (its writer closed), a results folder with one image, a
    /// secret outside it, and symbolic links from inside to the outside.
    struct Fixture {
        let dir: TemporaryDirectory
        var results: String { dir.file("results") }
        var secret: String { dir.file("outside/secret.png") }
        static let image = Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])

        init() async throws {
            dir = try TemporaryDirectory(prefix: "cellqa-dashboard")
            try await DashboardServerTests.fill(dir.file("cellqa.sqlite"))
            let fm = FileManager.default
            try fm.createDirectory(atPath: dir.file("results/current/C0001"), withIntermediateDirectories: true)
            try fm.createDirectory(atPath: dir.file("outside/C0002"), withIntermediateDirectories: true)
            try Self.image.write(to: URL(fileURLWithPath: dir.file("results/current/C0001/overlay.png")))
            try Data("secret".utf8).write(to: URL(fileURLWithPath: secret))
            try Data("secret".utf8).write(to: URL(fileURLWithPath: dir.file("outside/C0002/overlay.png")))
            try Data("{}".utf8).write(to: URL(fileURLWithPath: dir.file("results/current/C0001/record.json")))
            // A file link and a folder link, both inside results, both pointing out.
            try fm.createSymbolicLink(atPath: dir.file("results/current/C0001/leak.png"), withDestinationPath: secret)
            try fm.createSymbolicLink(atPath: dir.file("results/current/C0002"), withDestinationPath: dir.file("outside/C0002"))
        }

        func server() throws -> DashboardServer {
            DashboardServer(reader: try LogReader(path: dir.file("cellqa.sqlite")), resultsFolder: results, today: { DashboardServerTests.day })
        }
    }

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("Now: today's counts by verdict, the yield, the last scans, escaped values, a reload every 10 s")
    func nowPage() async throws {
        let fixture = try await Fixture(); defer { fixture.dir.remove() }
        try await fixture.server().application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = Self.body(response)
                #expect(html.contains("<b id=\"count-total\">13</b>"))
                #expect(html.contains("<b id=\"count-PASS\">9</b>"))
                #expect(html.contains("<b id=\"count-FAIL\">3</b>"))
                #expect(html.contains("<b id=\"count-INVALID\">1</b>"))
                #expect(html.contains("<b id=\"count-ERROR\">0</b>"))
                #expect(html.contains("<b id=\"yield\">69.2 %</b>")) // 9 / 13
                #expect(html.contains("<meta http-equiv=\"refresh\" content=\"10\"/>"))
                #expect(html.contains("href=\"/scan/C9999\"") && html.contains("href=\"/scan/C0001\""))
                #expect(html.contains("SN&lt;script&gt;x&lt;/script&gt;&amp;"))
                #expect(!html.contains("<script"))
                #expect(html.contains("href=\"/metric/can.outer_diameter_mm?format=18650\""))
                #expect(html.contains("<p id=\"no-alarms\">"), "12 scans are fewer than a baseline: no alarm")
                // Newest first: C9999 (1100 s) before C0003's re-export (1000 s) before C0012.
                let order = ["C9999", "C0003", "C0012"].compactMap { html.range(of: "/scan/\($0)\"")?.lowerBound }
                #expect(order.count == 3 && order == order.sorted())
            }
        }
    }

    @Test("fail list: the day's non-PASS scans; CSV and AQDEF exports with one row per failure; format and verdict filters; a bad day or verdict is a 400")
    func failList() async throws {
        let fixture = try await Fixture(); defer { fixture.dir.remove() }
        try await fixture.server().application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await client.execute(uri: "/fails?day=2026-11-30", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.body(response)
                for id in ["C0003", "C0009", "C0011", "C9999"] { #expect(html.contains("/scan/\(id)\"")) }
                #expect(!html.contains("/scan/C0001\""))
                #expect(html.contains("<b id=\"inspected\">13</b>") && html.contains("<b id=\"count-FAIL\">3</b>"))
                #expect(html.contains("tilt 2.3° &gt; 1.0°"))
            }
            try await client.execute(uri: "/fails.csv?day=2026-11-30", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = Self.body(response).split(separator: "\n").map(String.init)
                #expect(lines.first == "day,time,scan_id,serial,format,verdict,reasons,reason_codes")
                #expect(lines.last?.hasSuffix(",quality.tilt_deg") == true)
                #expect(lines.count == 5)
                #expect(lines.dropFirst().map { $0.split(separator: ",")[2] } == ["C0009", "C0011", "C0003", "C9999"])
                #expect(lines.dropFirst().map { $0.split(separator: ",")[5] } == ["FAIL", "FAIL", "FAIL", "INVALID"])
            }
            try await client.execute(uri: "/fails.dfq?day=2026-11-30", method: .get) { response in
                #expect(response.status == .ok)
                let lines = Self.body(response).split(separator: "\r\n").map(String.init)
                #expect(lines.prefix(3) == ["K0100 1", "K1001/1 18650", "K1002/1 cellqa fail list"])
                #expect(lines.contains("K2001/1 can.outer_diameter_mm") && lines.contains("K2002/1 can.outer_diameter_mm"))
                #expect(lines.contains("K2110/1 17.8") && lines.contains("K2111/1 18.2") && lines.contains("K2142/1 mm"))
                // The three FAILs measured the diameter; the INVALID measured nothing.
                #expect(lines.filter { $0.hasPrefix("K0001/1 ") } == ["K0001/1 17.7", "K0001/1 18.3", "K0001/1 18.25"])
                #expect(lines.filter { $0.hasPrefix("K0014/1 ") } == ["K0014/1 C0009", "K0014/1 C0011", "K0014/1 C0003"])
                // 1_796_000_000 + 480 s = 2026-11-30 01:01:20 UTC (C0009, the 9th scan, 8 minutes in).
                #expect(lines.filter { $0.hasPrefix("K0004/1 ") }.first == "K0004/1 30.11.2026/01:01:20")
            }
            try await client.execute(uri: "/fails?day=2026-12-01", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Self.body(response).contains("No FAIL, INVALID or ERROR scans."))
            }
            try await client.execute(uri: "/fails?day=yesterday", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            // Filters: a verdict narrows the list and the exports, not the day's counts; a format narrows all.
            try await client.execute(uri: "/fails?day=2026-11-30&verdict=INVALID", method: .get) { response in
                let html = Self.body(response)
                #expect(html.contains("/scan/C9999\"") && !html.contains("/scan/C0009\""))
                #expect(html.contains("<b id=\"inspected\">13</b>") && html.contains("<b id=\"count-FAIL\">3</b>"))
                #expect(html.contains("href=\"/fails.csv?day=2026-11-30&amp;verdict=INVALID\""))
            }
            try await client.execute(uri: "/fails.csv?day=2026-11-30&verdict=FAIL", method: .get) { response in
                #expect(Self.body(response).split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] } == ["C0009", "C0011", "C0003"])
            }
            try await client.execute(uri: "/fails.dfq?day=2026-11-30&verdict=INVALID", method: .get) { response in
                let lines = Self.body(response).split(separator: "\r\n")
                #expect(lines.first == "K0100 0" && !lines.contains { $0.hasPrefix("K0001") })
            }
            try await client.execute(uri: "/fails?day=2026-11-30&format=18650", method: .get) { response in
                #expect(Self.body(response).contains("<b id=\"inspected\">13</b>"))
            }
            try await client.execute(uri: "/fails?day=2026-11-30&format=4680", method: .get) { response in
                #expect(Self.body(response).contains("<b id=\"inspected\">0</b>"))
            }
            for bad in ["PASS", "bogus"] {
                try await client.execute(uri: "/fails?day=2026-11-30&verdict=\(bad)", method: .get) { #expect($0.status == .badRequest) }
            }
        }
    }

    @Test("scan: the current judgement's metrics with limits, both judgements of a re-exported scan; unknown ids are 404")
    func scanPage() async throws {
        let fixture = try await Fixture(); defer { fixture.dir.remove() }
        try await fixture.server().application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await client.execute(uri: "/scan/C0003", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.body(response)
                #expect(html.contains("judgement 2 of 2"))
                #expect(html.contains("<td class=\"num\">18.25 mm</td><td class=\"num\">17.8</td><td class=\"num\">18.2</td><td>FAIL</td>"))
                #expect(html.contains("new content") && html.contains("re-export"))
                #expect(html.contains("href=\"/artefact/current/C0003/overlay.png\""))
            }
            try await client.execute(uri: "/scan/C4040", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metric/can.nothing_mm", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metric/can.outer_diameter_mm?format=4680", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/nowhere", method: .get) { #expect($0.status == .notFound) }
            // No write endpoint.
            for method in [HTTPRequest.Method.post, .put, .delete] {
                try await client.execute(uri: "/scan/C0003", method: method) { #expect(!(200..<300).contains($0.status.code)) }
            }
        }
    }

    /// Baseline of 7: 18.00, 18.02, 17.98, 18.01, 17.99, 18.03, 18.00: x̄ = 126.03 / 7 = 18.004286,
    /// MR̄ = (0.02 + 0.04 + 0.03 + 0.02 + 0.04 + 0.03) / 6 = 0.03, σ̂ = 0.0265957, UCL = x̄ + 0.0797872 = 18.084073, LCL = 17.924499:
    /// 17.70 (index 7), 18.30 (9) and 18.25 (11) break rule 1.
    @Test("metric: the I-MR chart as inline SVG with spec and control limits, rule 1 violations marked, capability")
    func metricPage() async throws {
        let fixture = try await Fixture(); defer { fixture.dir.remove() }
        try await fixture.server().application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await client.execute(uri: "/metric/can.outer_diameter_mm?format=18650&baseline=7", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.body(response)
                #expect(html.contains("<svg id=\"individuals\"") && html.contains("<svg id=\"moving-range\""))
                #expect(html.contains("12 values"))
                #expect(html.contains("<span id=\"centre\">18.004</span>"))
                #expect(html.contains("<span id=\"ucl\">18.084</span>") && html.contains("<span id=\"lcl\">17.924</span>"))
                #expect(html.contains(">USL 18.2<") && html.contains(">LSL 17.8<"))
                #expect(html.components(separatedBy: "class=\"violation\"").count - 1 == 3)
                #expect(html.contains("<td class=\"num\">1</td><td>a point beyond 3σ</td><td class=\"num\">3</td>"))
                let c = try #require(Capability(values: Self.series, lower: 17.8, upper: 18.2))
                #expect(html.contains("<span id=\"cpk\">\(Formatting.number(try #require(c.cpk)))</span>"))
                #expect(html.contains("<span id=\"pp\">\(Formatting.number(try #require(c.pp)))</span>"))
                // Self-contained: no script, nothing fetched from elsewhere.
                #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"))
            }
            // Without a format: the metric's only one.
            try await client.execute(uri: "/metric/can.outer_diameter_mm", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("artefacts: served from inside the results folder; .., encoded slashes, absolute paths, symlinks out and non-images refused")
    func artefacts() async throws {
        let fixture = try await Fixture(); defer { fixture.dir.remove() }
        try await fixture.server().application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await client.execute(uri: "/artefact/current/C0001/overlay.png", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Data(buffer: response.body) == Fixture.image)
            }
            let refused = [
                "/artefact/current/C0001/leak.png",           // a file link out
                "/artefact/current/C0002/overlay.png",        // a folder link out
                "/artefact/current/C0001/record.json",        // not an image
                "/artefact/current/..%2F..%2Foutside/secret.png",
                "/artefact/../outside/secret.png",
                "/artefact/current/../secret.png",
                "/artefact/%2E%2E/outside/secret.png",
                "/artefact/%2F" + fixture.dir.path.dropFirst().replacingOccurrences(of: "/", with: "%2F") + "/outside/secret.png",
                "/artefact/current/C0001/.hidden.png",
                "/artefact/current/C0404/overlay.png",
            ]
            for uri in refused {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!Self.body(response).contains("secret"))
                }
            }
        }
    }

    @Test("a reader beside a writer: it sees new judgements as they are stored and cannot write itself")
    func readerBesideWriter() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        try await store.save(Self.record("C0001", diameter: 18.0, at: 0))
        let reader = try LogReader(path: dir.file("cellqa.sqlite"))
        #expect(try await reader.verdictCounts(on: Self.day) == ["PASS": 1])
        try await store.save(Self.record("C0002", diameter: 18.3, at: 60))
        #expect(try await reader.verdictCounts(on: Self.day) == ["PASS": 1, "FAIL": 1])
        #expect(try await reader.recentScans(limit: 50).map(\.scanID) == ["C0002", "C0001"])
        await #expect(throws: (any Error).self) {
            try await reader.pool.write { db in try db.execute(sql: "CREATE TABLE intruder (x)") }
        }
    }

    /// The can diameter at 18.00 mm, noise of about 0.02 mm (uniform ±0.035), 30 stable
    /// cells, then a drift of +0.004 mm a cell towards the upper limit 18.2 mm, stored
    /// one scan at a time as the daemon would: the Now page shows a drift alarm while no cell has failed yet, well before the first that will.
    @Test("a drift stored scan by scan raises an alarm on the Now page before the first FAIL")
    func driftAlarmBeforeFail() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = dir.file("cellqa.sqlite")
        let store = try ScanStore(path: path)
        var seed: UInt64 = 21
        func noise() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (Double(seed >> 11) / Double(1 << 53) - 0.5) * 0.07
        }
        let values = (0..<30).map { _ in 18.0 + noise() } + (1...80).map { 18.0 + noise() + 0.004 * Double($0) }
        let firstFail = try #require(values.firstIndex { $0 > 18.2 })
        let reader = try LogReader(path: path)
        var alarmed: (index: Int, alarms: [DriftAlarm])?
        var started: [(index: Int, alarms: [DriftAlarm])] = [] // what the daemon would journal after each scan
        for (i, value) in values.enumerated() {
            let id = String(format: "D%04d", i)
            try await store.save(Self.record(id, diameter: value, at: Double(i) * 30))
            let new = try await reader.startingDriftAlarms(scanID: id)
            if !new.isEmpty { started.append((i, new)) }
            let points = try await reader.series(metric: "can.outer_diameter_mm", format: "18650", limit: DriftAlarms.window)
            let alarms = DriftAlarms.alarms(metric: "can.outer_diameter_mm", format: "18650", points: points)
            if !alarms.isEmpty { alarmed = (i, alarms); break }
        }
        let alarm = try #require(alarmed)
        // The daemon's alarm comes with the same scan, for the same rules, naming it.
        #expect(started.map(\.index) == [alarm.index])
        #expect(started.first?.alarms == alarm.alarms)
        #expect(started.first?.alarms.allSatisfy { $0.scanID == String(format: "D%04d", alarm.index) } == true)
        #expect(alarm.index >= 30 && alarm.index < firstFail - 5, "alarm at \(alarm.index), first FAIL at \(firstFail)")
        print("drift alarm at scan \(alarm.index) (first FAIL \(firstFail)): rules \(alarm.alarms.map(\.rule.rawValue))")
        #expect(try await reader.verdictCounts(on: Self.day)["FAIL"] == nil)
        let server = DashboardServer(reader: reader, resultsFolder: dir.path, today: { Self.day })
        try await server.application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = Self.body(response)
                #expect(html.contains("<p class=\"alarm\">"))
                #expect(html.contains("rule \(alarm.alarms[0].rule.rawValue), "))
                #expect(html.contains("<b id=\"count-FAIL\">0</b>"))
            }
        }
    }

    @Test("a rule that goes on firing starts one alarm, at the scan where it began")
    func oneAlarmPerEpisode() throws {
        // Centre 18.0 from 30 alternating values (σ̂ = 0.02 / 1.128), then 12 values high
        // above the centre: rule 2 starts at the 9th of them and goes on firing after.
        let baseline = (0..<30).map { $0 % 2 == 0 ? 18.01 : 17.99 } // ends below the centre
        func points(_ values: [Double]) -> [SeriesPoint] {
            values.enumerated().map { SeriesPoint(scanID: "S\($0.offset)", inspectedAt: Date(), value: $0.element, unit: "mm", lower: nil, upper: 18.2) }
        }
        var starts: [Int: [NelsonRule]] = [:]
        let shifted = baseline + Array(repeating: 18.005, count: 12)
        for n in 31...shifted.count {
            let new = DriftAlarms.starting(metric: "m", format: "f", points: points(Array(shifted.prefix(n))))
            if !new.isEmpty { starts[n - 1] = new.map(\.rule) }
        }
        #expect(starts == [38: [.nineOnOneSide]])
    }

    @Test("the path checks on their own: plain names only")
    func plainNames() {
        #expect(ArtefactFiles.isPlainName("C0001") && ArtefactFiles.isPlainName("cell_42--46af82d451") && ArtefactFiles.isPlainName("2026-11-30"))
        for bad in ["", ".", "..", ".x", "a/b", "/etc", "a\\b", "a b", "ä"] { #expect(!ArtefactFiles.isPlainName(bad), "\(bad)") }
    }

    @Test("the reader refuses a missing database instead of creating one")
    func missingDatabase() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        #expect(throws: DashboardError.self) { try LogReader(path: dir.file("none.sqlite")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("none.sqlite")))
    }
}
