import Foundation
import Inspection

/// `/`: the line now. Today's counts and yield, the last scans, links to every
/// metric's chart. Reloads itself every few seconds (no script needed).
struct NowPage {
    static let refreshSeconds = 10
    static let recentCount = 50

    var day: String
    var counts: [String: Int]
    var recent: [ScanSummary]
    var metrics: [(metric: String, format: String)]
    var alarms: [DriftAlarm]

    var total: Int { counts.values.reduce(0, +) }
    /// PASS over every scan of the day, as in the daily report.
    var yield: Double? { total == 0 ? nil : Double(counts["PASS", default: 0]) / Double(total) }

    func html() -> String {
        var body: [String] = []
        body.append("<p class=\"small\">Day \(Markup.escape(day)); this page reloads every \(Self.refreshSeconds) s.</p>")
        let boxes = ["PASS", "FAIL", "INVALID", "ERROR"].map { v in
            "<div class=\"count-\(v)\">\(Markup.verdict(v))<b id=\"count-\(v)\">\(counts[v, default: 0])</b></div>"
        }
        body.append("<div class=\"counts\"><div>inspected<b id=\"count-total\">\(total)</b></div>\(boxes.joined())<div>yield<b id=\"yield\">\(Markup.percent(yield))</b></div></div>")
        body.append("<h2>Drift alarms</h2>")
        if alarms.isEmpty {
            body.append("<p id=\"no-alarms\">None: no Nelson rule fires at the newest \(DriftAlarms.recent) scans of any metric.</p>")
        } else {
            for a in alarms {
                body.append("<p class=\"alarm\">\(Markup.metricLink(a.metric, format: a.format, text: "\(a.metric) (\(a.format))")): rule \(a.rule.rawValue), \(Markup.escape(a.rule.words)), at \(Markup.scanLink(a.scanID))</p>")
            }
        }
        body.append("<p>\(Markup.link("/fails?day=\(Markup.urlComponent(day))", "Today's fail list"))</p>")

        body.append("<h2>Last \(Self.recentCount) scans</h2>")
        if recent.isEmpty {
            body.append("<p>No scans judged yet.</p>")
        } else {
            let rows = recent.map { s in
                [Markup.timestamp(s.inspectedAt), Markup.scanLink(s.scanID), Markup.escape(s.serial ?? ""),
                 Markup.escape(s.format ?? ""), Markup.verdict(s.verdict), Markup.escape(s.reason ?? "")]
            }
            body.append(Markup.table(headers: ["inspected", "scan", "serial", "format", "verdict", "reason"], rows: rows))
        }

        body.append("<h2>Control charts</h2>")
        if metrics.isEmpty {
            body.append("<p>No measurements yet.</p>")
        } else {
            body.append("<ul>" + metrics.map { "<li>\(Markup.metricLink($0.metric, format: $0.format, text: "\($0.metric) (\($0.format))"))</li>" }.joined() + "</ul>")
        }
        return Markup.page(title: "cellqa — now", refreshSeconds: Self.refreshSeconds, body: body)
    }
}
