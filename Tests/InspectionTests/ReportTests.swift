import Analysis
import CellQATestKit
import Foundation
import Inspection
import Reporting
import Store
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("HTML and daily reports")
struct ReportTests {
    /// Parses `html` as XML; returns the parser error, if any.
    func xmlError(_ html: String) -> String? {
        let parser = XMLParser(data: Data(html.utf8))
        return parser.parse() ? nil : "\(parser.parserError.map { "\($0)" } ?? "unknown") at line \(parser.lineNumber)"
    }

    /// Every `src=` and `href=` value, and every http(s) URL in the page.
    func externalReferences(_ html: String) -> [String] {
        var found: [String] = []
        for attribute in ["src=\"", "href=\""] {
            var rest = html[...]
            while let range = rest.range(of: attribute) {
                let tail = rest[range.upperBound...]
                let value = tail.prefix { $0 != "\"" }
                if !value.hasPrefix("data:") && !value.hasPrefix("#") { found.append(String(value)) }
                rest = tail
            }
        }
        for scheme in ["http://", "https://"] {
            var rest = html[...]
            while let range = rest.range(of: scheme) {
                let url = String(rest[range.lowerBound...].prefix { $0 != "\"" && $0 != " " })
                // XML namespace names are identifiers, never fetched.
                if !url.hasPrefix("http://www.w3.org/") { found.append(url) }
                rest = rest[range.upperBound...]
            }
        }
        return found
    }

    @Test("a FAIL report is self-contained and well-formed, verdict first, failing metric with limits and margin")
    func failReport() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try Fixtures.scanFolder(in: dir, name: "SN300_18650", serial: "SN300")
        var measurements = Fixtures.replacing(.canWallThicknessMin, with: 0.185, in: Fixtures.good18650)
        measurements = Fixtures.replacing(.canOuterDiameter, with: 18.18, in: measurements)  // 0.02 from upper: near limit (band 0.03)
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"
        let artefacts = [
            Artefact(name: "can_overlay.png", caption: "wall <thin> & dented", content: .png(Fixtures.onePixelPNG)),
            Artefact(name: "dent_profile.svg", caption: "dent profile", content: .svg(svg)),
        ]
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: measurements, artefacts: artefacts)])
        let outcome = await inspector.inspect(path: path)
        let html = ScanReportPage(outcome: outcome).html()

        #expect(xmlError(html) == nil)
        #expect(externalReferences(html) == [])
        #expect(!html.contains("<link") && !html.contains("<script"))
        // Verdict before anything else in the body.
        let body = try #require(html.range(of: "<body>"))
        let verdict = try #require(html.range(of: "<span class=\"verdict FAIL\">FAIL</span>"))
        #expect(html.distance(from: body.upperBound, to: verdict.lowerBound) < 40)
        #expect(html.contains("can.wall_thickness_min_mm = 0.185 mm &lt; lower 0.2 mm by 0.015 mm"))
        #expect(html.contains("<h2>Near a limit</h2>"))
        #expect(html.contains("data:image/png;base64,\(Fixtures.onePixelPNG.base64EncodedString())"))
        #expect(html.contains("data:image/svg+xml;base64,"))
        #expect(html.contains("wall &lt;thin&gt; &amp; dented"))
        // Margin column: −0.015 mm for the failing wall.
        #expect(html.contains("<td class=\"num\">-0.015 mm</td>"))

        try Data(html.utf8).write(to: URL(fileURLWithPath: "/tmp/cellqa-fail-report.html"))
    }

    @Test("report lists exactly the non-PASS scans of the day, with yield and top failing metric")
    func dailyReport() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        let day = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 (UTC)
        let nextDay = day.addingTimeInterval(86_400)

        struct Case { var serial: String; var stages: [any InspectionStage]; var date: Date }
        let wall = Fixtures.replacing(.canWallThicknessMin, with: 0.1, in: Fixtures.good18650)
        let wallAndDent = Fixtures.replacing(.canMaxDent, with: 0.5, in: wall)
        let tilt = GivenStage(name: "quality", kind: .qualityGate, measurements: [Measurement(.qualityTilt, 3, unit: "deg")])
        let cases: [Case] = [
            Case(serial: "P1", stages: [GivenStage(name: "can", measurements: Fixtures.good18650)], date: day),
            Case(serial: "P2", stages: [GivenStage(name: "can", measurements: Fixtures.good18650)], date: day.addingTimeInterval(60)),
            Case(serial: "F1", stages: [GivenStage(name: "can", measurements: wall)], date: day.addingTimeInterval(120)),
            Case(serial: "F2", stages: [GivenStage(name: "can", measurements: wallAndDent)], date: day.addingTimeInterval(180)),
            Case(serial: "I1", stages: [tilt, GivenStage(name: "can", measurements: Fixtures.good18650)], date: day.addingTimeInterval(240)),
            Case(serial: "E1", stages: [FailingStage()], date: day.addingTimeInterval(300)),
            Case(serial: "F3", stages: [GivenStage(name: "can", measurements: wall)], date: nextDay),  // other day
        ]
        for c in cases {
            let path = try Fixtures.scanFolder(in: dir, name: "\(c.serial)_18650", serial: c.serial)
            let outcome = await (try Fixtures.inspector(stages: c.stages, date: c.date)).inspect(path: path)
            try await store.save(outcome.record)
        }
        let failures = try await store.failures(on: "2026-11-18")
        #expect(failures.map(\.scan.metadata.serial) == ["F1", "F2", "I1", "E1"])
        #expect(failures.map(\.verdict) == [.fail, .fail, .invalid, .error])

        let report = DailyReport(day: "2026-11-18", records: try await store.inspections(on: "2026-11-18"))
        #expect(report.records.count == 6)
        #expect(report.nonPassing.map(\.scan.id) == ["F1_18650", "F2_18650", "I1_18650", "E1_18650"])
        // 2 PASS of 6 scans; 2 PASS of 4 judged cells (PASS + FAIL).
        #expect(abs(report.yield! - 2.0 / 6.0) < 1e-12)
        #expect(abs(report.cellYield! - 0.5) < 1e-12)
        #expect(report.topFailingMetrics.first?.metric == .canWallThicknessMin)
        #expect(report.topFailingMetrics.first?.count == 2)
        #expect(report.topFailingMetrics.map(\.metric) == [.canWallThicknessMin, .canMaxDent])

        let text = report.text()
        #expect(text.contains("inspected 6: PASS 2, FAIL 2, INVALID 1, ERROR 1"))
        #expect(text.contains("yield 33.3 % of scans; cell yield 50.0 %"))
        #expect(text.contains("tilt 3.0° > 1.0°: remount the cell in the holder and rescan"))
        // INVALID and ERROR grouped by reason code, as FAILs are by metric.
        #expect(report.topReasonCodes(.invalid).map(\.code) == ["quality.tilt_deg"])
        #expect(report.topReasonCodes(.error).map(\.code) == ["error.stage.can"])
        #expect(report.topReasonCodes(.error).map(\.count) == [1])
        #expect(text.contains("INVALID by reason code:\n  1×  quality.tilt_deg\n"))
        #expect(text.contains("ERROR by reason code:\n  1×  error.stage.can\n"))
        #expect(!text.contains("P1_18650") && !text.contains("P2_18650") && !text.contains("F3_18650"))

        let csv = MeasurementsCSV.parse(report.csv())
        #expect(csv.count == 5)
        #expect(csv.dropFirst().map { $0[2] } == ["F1_18650", "F2_18650", "I1_18650", "E1_18650"])
        #expect(csv.dropFirst().map { $0[5] } == ["FAIL", "FAIL", "INVALID", "ERROR"])
        #expect(csv.first?.last == "reason_codes")
        #expect(csv.dropFirst().map { $0[7] }.dropFirst(2) == ["quality.tilt_deg", "error.stage.can"])

        let html = report.html()
        #expect(xmlError(html) == nil)
        #expect(html.contains("<h2>INVALID by reason code</h2>") && html.contains("<code>error.stage.can</code>"))
        #expect(externalReferences(html) == [])
    }
}
