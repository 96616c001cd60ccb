import Foundation
import Inspection
import Store

/// `/scan/ID`: the current judgement's metrics against their limits, its
/// reasons and artefacts, and every judgement the scan had.
struct ScanPage {
    var scanID: String
    /// First to current; never empty (an unknown id is a 404 before this).
    var judgements: [JudgedScan]

    func html() throws -> String {
        guard let current = judgements.last else { return Markup.page(title: "Scan \(scanID)", body: []) }
        let record = try current.row.record()
        var body: [String] = []
        body.append("<p>\(Markup.verdict(record.verdict.rawValue)) serial \(Markup.escape(record.scan.metadata.serial ?? "—")), format \(Markup.escape(record.scan.metadata.cellFormat ?? "—")), inspected \(Markup.timestamp(record.inspectedAt)), judgement \(current.row.sequence) of \(judgements.count)</p>")
        body.append("<p class=\"small\">\(Markup.escape(record.scan.path))</p>")
        if !record.reasons.isEmpty {
            body.append("<ul>" + record.reasons.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>")
        }

        body.append("<h2>Metrics</h2>")
        let format = record.scan.metadata.cellFormat
        let rows = current.measurements.map { m in
            let result = m.pass.map { $0 ? (m.nearLimit ? "near" : "pass") : "FAIL" } ?? "—"
            let name = format.map { Markup.metricLink(m.metric, format: $0) } ?? Markup.escape(m.metric)
            return [name, Markup.escape(Formatting.quantity(m.value, unit: m.unit)), Markup.number(m.lower), Markup.number(m.upper), Markup.escape(result)]
        }
        body.append(Markup.table(headers: ["metric", "value", "lower", "upper", "result"], rows: rows, numeric: [1, 2, 3]))
        if !record.unmeasured.isEmpty {
            body.append("<h2>Not measured</h2>")
            body.append(Markup.table(headers: ["metric", "code", "reason"], rows: record.unmeasured.map {
                [Markup.escape($0.metric.rawValue), Markup.escape($0.code), Markup.escape($0.reason)]
            }))
        }
        if !record.artefacts.isEmpty {
            body.append("<h2>Images</h2>")
            // The current judgement's folder is results/current/<scan-id>.
            body.append("<ul>" + record.artefacts.map { a in
                "<li>\(Markup.link("/artefact/current/\(Markup.urlComponent(scanID))/\(Markup.urlComponent(a.name))", a.name)) \(Markup.escape(a.caption))</li>"
            }.joined() + "</ul>")
        }

        body.append("<h2>Judgements</h2>")
        let history = judgements.map { j in
            [String(j.row.sequence), Markup.timestamp(j.row.inspectedAt), Markup.verdict(j.row.verdict),
             Markup.escape(j.row.cause?.words ?? "cause not recorded"), Markup.escape(j.row.reason ?? ""),
             Markup.escape(String(j.row.configHash.prefix(12)))]
        }
        body.append(Markup.table(headers: ["#", "inspected", "verdict", "cause", "reason", "config"], rows: history, numeric: [0]))
        return Markup.page(title: "Scan \(scanID)", body: body)
    }
}
