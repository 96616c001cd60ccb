import Foundation
import Inspection
import Reporting

/// `/fails?day=`: the content of `cellqa report` for one day, with links to
/// each scan and the exports.
struct FailListPage {
    var report: DailyReport
    var filter: FailFilter

    func html() -> String {
        var body: [String] = []
        let query = filter.query
        if filter.format != nil || filter.verdict != nil {
            body.append("<p>Only \(Markup.escape([filter.format.map { "format \($0)" }, filter.verdict].compactMap { $0 }.joined(separator: ", "))) · \(Markup.link("/fails?day=\(Markup.urlComponent(report.day))", "all"))</p>")
        }
        body.append("<p>Inspected <b id=\"inspected\">\(report.records.count)</b>: " + Verdict.allCases.map { v in
            "\(Markup.verdict(v.rawValue)) <b id=\"count-\(v.rawValue)\">\(report.count(v))</b>"
        }.joined(separator: " ") + "</p>")
        body.append("<p>Yield \(Markup.percent(report.yield)) of scans; cell yield \(Markup.percent(report.cellYield)) (PASS / (PASS + FAIL)).</p>")
        body.append("<p>Export: \(Markup.link("/fails.csv?\(query)", "CSV")) · \(Markup.link("/fails.dfq?\(query)", "Q-DAS AQDEF (.dfq)"))</p>")
        body.append("<h2>Not passed</h2>")
        let listed = report.nonPassing.filter { filter.admits(verdict: $0.verdict) }
        if listed.isEmpty {
            body.append("<p>No \(Markup.escape(filter.verdict ?? "FAIL, INVALID or ERROR")) scans.</p>")
        } else {
            let rows = listed.map { r in
                [Markup.timestamp(r.inspectedAt), Markup.verdict(r.verdict.rawValue), Markup.scanLink(r.scan.id),
                 Markup.escape(r.scan.metadata.serial ?? ""), Markup.escape(r.scan.metadata.cellFormat ?? ""),
                 r.reasons.map(Markup.escape).joined(separator: "<br/>")]
            }
            body.append(Markup.table(headers: ["inspected", "verdict", "scan", "serial", "format", "reasons"], rows: rows))
        }
        let top = report.topFailingMetrics
        if !top.isEmpty {
            body.append("<h2>Failing metrics</h2>")
            body.append(Markup.table(headers: ["metric", "FAIL scans"], rows: top.map { [Markup.escape($0.metric.rawValue), "\($0.count)"] }, numeric: [1]))
        }
        return Markup.page(title: "Fail list \(report.day)", body: body)
    }
}
