import Foundation
import Inspection

/// `report.html`: one self-contained page per scan (inline CSS, images as `data:`
/// URIs, plots as inline SVG, nothing fetched). Order: verdict and reasons first,
/// then failing metrics with limits and margins, near-limit metrics, overlays and
/// plots, all metrics, stage timings, provenance.
public struct ScanReportPage {
    public var outcome: InspectionOutcome

    public init(outcome: InspectionOutcome) { self.outcome = outcome }

    var record: InspectionRecord { outcome.record }

    public func html() -> String {
        var body: [String] = []
        body.append(header())
        body.append(reasons())
        if !record.failingMetrics.isEmpty {
            body.append("<h2>Failing metrics</h2>")
            body.append(metricTable(record.failingMetrics, showStage: false))
        }
        if !record.nearLimitMetrics.isEmpty {
            body.append("<h2>Near a limit</h2>")
            body.append("<p class=\"small\">Within the guard band or the measurement uncertainty of a limit: check the trend.</p>")
            body.append(metricTable(record.nearLimitMetrics, showStage: false))
        }
        if !outcome.artefacts.isEmpty {
            body.append("<h2>Overlays and plots</h2>")
            body.append(figures())
        }
        if record.metrics.contains(where: { $0.pass != nil }) {
            body.append("<h2>Position within limits</h2>")
            body.append("<div>\(LimitsChart(metrics: record.metrics).svg())</div>")
        }
        if !record.metrics.isEmpty {
            body.append("<h2>All metrics</h2>")
            body.append(metricTable(record.metrics, showStage: true))
        }
        if !record.stages.isEmpty {
            body.append("<h2>Stage timings</h2>")
            body.append("<div>\(TimingChart(stages: record.stages).svg())</div>")
            body.append(stageTable())
        }
        body.append(provenance())
        return HTML.page(title: "\(record.verdict.rawValue) — \(record.scan.id)", body: body)
    }

    private func header() -> String {
        let m = record.scan.metadata
        var facts: [String] = []
        facts.append("serial <b>\(HTML.escape(m.serial ?? "unknown"))</b>")
        facts.append("format <b>\(HTML.escape(m.cellFormat ?? "unknown"))</b>")
        if let v = m.voxelSize {
            facts.append("voxel \(HTML.escape(Formatting.number(v.x)))×\(HTML.escape(Formatting.number(v.y)))×\(HTML.escape(Formatting.number(v.z))) mm")
        }
        facts.append("inspected \(HTML.escape(InspectionRecord.timestamp(record.inspectedAt)))")
        return """
        <div class="head">
        <span class="verdict \(record.verdict.rawValue)">\(record.verdict.rawValue)</span>
        <div><h1>\(HTML.escape(record.scan.id))</h1>
        <div class="meta">\(facts.joined(separator: " · "))</div></div>
        </div>
        """
    }

    private func reasons() -> String {
        if record.reasons.isEmpty {
            let judged = record.metrics.filter { $0.pass != nil }.count
            return "<p class=\"reasons\">All \(judged) judged metrics within limits.</p>"
        }
        let heading: String
        switch record.verdict {
        case .fail: heading = "Rejected: out of tolerance"
        case .invalid: heading = "Scan not measurable: rescan, do not reject the cell"
        case .error: heading = "Inspection failed"
        case .pass: heading = "Notes"
        }
        let items = record.reasons.map { "<li>\(HTML.escape($0))</li>" }.joined(separator: "\n")
        return "<h2>\(HTML.escape(heading))</h2>\n<ul class=\"reasons\">\n\(items)\n</ul>"
    }

    private func metricTable(_ metrics: [MetricJudgement], showStage: Bool) -> String {
        var rows = ["<table>", "<tr><th>metric</th><th>value</th><th>± u</th><th>limits</th><th>margin</th><th>result</th>\(showStage ? "<th>stage</th>" : "")</tr>"]
        for m in metrics {
            let rowClass = m.pass == false ? " class=\"fail\"" : (m.nearLimit ? " class=\"near\"" : "")
            let result: String
            switch m.pass {
            case true?: result = m.nearLimit ? "<span class=\"pill INVALID\">near limit</span>" : "<span class=\"pill PASS\">pass</span>"
            case false?: result = "<span class=\"pill FAIL\">fail</span>"
            case nil: result = "<span class=\"small\">not judged</span>"
            }
            let margin = m.margin.map { Formatting.quantity($0, unit: m.unit) } ?? "—"
            let u = m.uncertainty.map { Formatting.number($0) } ?? "—"
            rows.append("<tr\(rowClass)><td><code>\(HTML.escape(m.metric.rawValue))</code></td><td class=\"num\">\(HTML.escape(Formatting.quantity(m.value, unit: m.unit)))</td><td class=\"num\">\(HTML.escape(u))</td><td>\(HTML.escape(m.limitText))</td><td class=\"num\">\(HTML.escape(margin))</td><td>\(result)</td>\(showStage ? "<td>\(HTML.escape(m.stage))</td>" : "")</tr>")
        }
        rows.append("</table>")
        return rows.joined(separator: "\n")
    }

    private func figures() -> String {
        var parts = ["<div class=\"figures\">"]
        for artefact in outcome.artefacts {
            let uri = "data:\(artefact.mediaType);base64,\(artefact.data.base64EncodedString())"
            parts.append("<figure><img src=\"\(uri)\" alt=\"\(HTML.escape(artefact.caption))\"/><figcaption>\(HTML.escape(artefact.caption)) <span class=\"small\">(\(HTML.escape(artefact.name)))</span></figcaption></figure>")
        }
        parts.append("</div>")
        return parts.joined(separator: "\n")
    }

    private func stageTable() -> String {
        var rows = ["<table>", "<tr><th>stage</th><th>kind</th><th>status</th><th>seconds</th><th>error</th></tr>"]
        for s in record.stages {
            rows.append("<tr\(s.status == .failed ? " class=\"fail\"" : "")><td>\(HTML.escape(s.name))</td><td>\(s.kind.rawValue)</td><td>\(s.status.rawValue)</td><td class=\"num\">\(HTML.escape(Formatting.number(s.seconds)))</td><td>\(HTML.escape(s.error ?? ""))</td></tr>")
        }
        rows.append("<tr><td><b>total</b></td><td></td><td></td><td class=\"num\"><b>\(HTML.escape(Formatting.number(record.totalSeconds)))</b></td><td></td></tr>")
        rows.append("</table>")
        return rows.joined(separator: "\n")
    }

    private func provenance() -> String {
        let m = record.scan.metadata
        let lines = [
            "scan path: \(record.scan.path)",
            "fingerprint: \(record.fingerprint ?? "—")",
            "sources: voxel size \(m.voxelSizeSource?.rawValue ?? "—"), format \(m.cellFormatSource?.rawValue ?? "—"), serial \(m.serialSource?.rawValue ?? "—")",
            "cellqa \(record.cellqaVersion), record schema \(record.schemaVersion)",
            "config sha256 \(record.configHash)",
            "tolerance table \(record.toleranceFormat ?? "—") sha256 \(record.toleranceHash ?? "—")",
        ]
        return "<h2>Provenance</h2>\n<p class=\"small\">" + lines.map(HTML.escape).joined(separator: "<br/>\n") + "</p>"
    }
}
