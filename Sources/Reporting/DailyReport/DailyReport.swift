import Analysis
import Foundation
import Inspection

/// The end-of-day summary for the line: every scan that did not PASS (FAIL,
/// INVALID, ERROR) with its reason, the day's yield, and the metrics that failed
/// most often. Built from records, so it can come from the database or from a
/// results folder alike.
public struct DailyReport: Sendable {
    public var day: String
    /// Every record of the day (the latest per scan id), oldest first.
    public var records: [InspectionRecord]

    public init(day: String, records: [InspectionRecord]) {
        self.day = day
        self.records = records.sorted { ($0.inspectedAt, $0.scan.id) < ($1.inspectedAt, $1.scan.id) }
    }

    public var nonPassing: [InspectionRecord] { records.filter { $0.verdict != .pass } }

    public func count(_ verdict: Verdict) -> Int { records.filter { $0.verdict == verdict }.count }

    /// PASS over every scan inspected: the line's yield including rescans and errors.
    public var yield: Double? { records.isEmpty ? nil : Double(count(.pass)) / Double(records.count) }

    /// PASS over the cells actually judged (PASS + FAIL): the cell yield.
    public var cellYield: Double? {
        let judged = count(.pass) + count(.fail)
        return judged == 0 ? nil : Double(count(.pass)) / Double(judged)
    }

    /// Metric ids by the number of FAIL records they failed in, most first.
    public var topFailingMetrics: [(metric: MetricID, count: Int)] {
        var counts: [MetricID: Int] = [:]
        for record in records where record.verdict == .fail {
            for metric in Set(record.failingMetrics.map(\.metric)) { counts[metric, default: 0] += 1 }
        }
        return counts.map { (metric: $0.key, count: $0.value) }.sorted { ($0.count, $1.metric) > ($1.count, $0.metric) }
    }

    /// Reason codes of the day's records with `verdict` (INVALID, ERROR) by the
    /// number of records they occur in, most first: INVALID and ERROR grouped by
    /// cause (`quality.tilt_deg`, `error.open_volume`…) the way FAILs are by metric.
    public func topReasonCodes(_ verdict: Verdict) -> [(code: String, count: Int)] {
        var counts: [String: Int] = [:]
        for record in records where record.verdict == verdict {
            for code in Set(record.reasonCodes) { counts[code, default: 0] += 1 }
        }
        return counts.map { (code: $0.key, count: $0.value) }.sorted { ($0.count, $1.code) > ($1.count, $0.code) }
    }

    /// The verdicts grouped by reason code in the report.
    static let groupedByCode: [Verdict] = [.invalid, .error]

    static func percent(_ x: Double?) -> String { x.map { String(format: "%.1f %%", $0 * 100) } ?? "—" }

    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    // MARK: text

    public func text() -> String {
        var lines: [String] = []
        lines.append("cellqa daily report \(day)")
        lines.append("inspected \(records.count): PASS \(count(.pass)), FAIL \(count(.fail)), INVALID \(count(.invalid)), ERROR \(count(.error))")
        lines.append("yield \(Self.percent(yield)) of scans; cell yield \(Self.percent(cellYield)) (PASS / (PASS + FAIL))")
        lines.append("")
        if nonPassing.isEmpty {
            lines.append("no FAIL, INVALID or ERROR scans")
        } else {
            lines.append("not passed (\(nonPassing.count)):")
            for r in nonPassing {
                lines.append("  \(Self.time(r.inspectedAt))  \(r.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(r.scan.id)  serial \(r.scan.metadata.serial ?? "?")")
                for reason in r.reasons { lines.append("      \(reason)") }
            }
        }
        let top = topFailingMetrics
        if !top.isEmpty {
            lines.append("")
            lines.append("top failing metrics:")
            for entry in top.prefix(10) { lines.append("  \(entry.count)×  \(entry.metric)") }
        }
        for verdict in Self.groupedByCode {
            let codes = topReasonCodes(verdict)
            guard !codes.isEmpty else { continue }
            lines.append("")
            lines.append("\(verdict.rawValue) by reason code:")
            for entry in codes { lines.append("  \(entry.count)×  \(entry.code)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: CSV

    /// One row per non-passing scan: `day,time,scan_id,serial,format,verdict,reasons,reason_codes`
    /// (reasons and their codes each joined with `; `, in the same order).
    public func csv() -> String {
        var lines = ["day,time,scan_id,serial,format,verdict,reasons,reason_codes"]
        for r in nonPassing {
            let cells = [day, Self.time(r.inspectedAt), r.scan.id, r.scan.metadata.serial ?? "", r.scan.metadata.cellFormat ?? "",
                         r.verdict.rawValue, r.reasons.joined(separator: "; "), r.reasonCodes.joined(separator: "; ")]
            lines.append(cells.map(MeasurementsCSV.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: HTML

    public func html() -> String {
        var body: [String] = []
        body.append("<h1>cellqa daily report \(HTML.escape(day))</h1>")
        body.append("<p>Inspected <b>\(records.count)</b>: " + Verdict.allCases.map { v in
            "<span class=\"pill \(v.rawValue)\">\(v.rawValue) \(count(v))</span>"
        }.joined(separator: " ") + "</p>")
        body.append("<p>Yield \(HTML.escape(Self.percent(yield))) of scans; cell yield \(HTML.escape(Self.percent(cellYield))) (PASS / (PASS + FAIL)).</p>")
        body.append("<h2>Not passed</h2>")
        if nonPassing.isEmpty {
            body.append("<p>No FAIL, INVALID or ERROR scans.</p>")
        } else {
            var rows = ["<table>", "<tr><th>time</th><th>verdict</th><th>scan</th><th>serial</th><th>reasons</th></tr>"]
            for r in nonPassing {
                let reasons = r.reasons.map(HTML.escape).joined(separator: "<br/>")
                rows.append("<tr><td>\(Self.time(r.inspectedAt))</td><td><span class=\"pill \(r.verdict.rawValue)\">\(r.verdict.rawValue)</span></td><td>\(HTML.escape(r.scan.id))</td><td>\(HTML.escape(r.scan.metadata.serial ?? "?"))</td><td>\(reasons)</td></tr>")
            }
            rows.append("</table>")
            body.append(rows.joined(separator: "\n"))
        }
        let top = topFailingMetrics
        if !top.isEmpty {
            body.append("<h2>Top failing metrics</h2>")
            var rows = ["<table>", "<tr><th>metric</th><th>FAIL scans</th></tr>"]
            for entry in top.prefix(10) { rows.append("<tr><td><code>\(HTML.escape(entry.metric.rawValue))</code></td><td class=\"num\">\(entry.count)</td></tr>") }
            rows.append("</table>")
            body.append(rows.joined(separator: "\n"))
        }
        for verdict in Self.groupedByCode {
            let codes = topReasonCodes(verdict)
            guard !codes.isEmpty else { continue }
            body.append("<h2>\(verdict.rawValue) by reason code</h2>")
            var rows = ["<table>", "<tr><th>reason code</th><th>\(verdict.rawValue) scans</th></tr>"]
            for entry in codes { rows.append("<tr><td><code>\(HTML.escape(entry.code))</code></td><td class=\"num\">\(entry.count)</td></tr>") }
            rows.append("</table>")
            body.append(rows.joined(separator: "\n"))
        }
        return HTML.page(title: "cellqa \(day)", body: body)
    }
}
