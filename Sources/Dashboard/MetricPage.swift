import Foundation
import Inspection
import SPC

/// `/metric/ID?format=F`: the I-MR chart of one metric on one cell format, with
/// the spec limits, the control limits of the baseline window, the Nelson rule
/// violations marked, and the capability over the window shown.
struct MetricPage {
    var metric: String
    var format: String
    /// Oldest first: the window shown.
    var points: [SeriesPoint]
    /// How many of the first points set the control limits.
    var baselineCount: Int

    /// The limits of the newest value: a table changed mid-window applies from then on.
    var lower: Double? { points.last?.lower }
    var upper: Double? { points.last?.upper }
    var values: [Double] { points.map(\.value) }
    var chart: IndividualsChart? { IndividualsChart(baseline: Array(values.prefix(baselineCount))) }
    var violations: [NelsonRule: [Int]] {
        chart.map { NelsonRule.violations(in: values, chart: $0) } ?? [:]
    }
    var capability: Capability? { Capability(values: values, lower: lower, upper: upper) }

    func html() -> String {
        var body: [String] = []
        let unit = points.last?.unit ?? ""
        body.append("<p>Format \(Markup.escape(format)); \(points.count) values (one per scan, its current judgement), oldest first; control limits from the first \(min(baselineCount, points.count)).</p>")
        guard let chart else {
            body.append("<p>Not enough values for a chart (at least 2).</p>")
            return Markup.page(title: "\(metric)", body: body)
        }
        let violations = self.violations
        body.append(ChartSVG(values: values, chart: chart, lower: lower, upper: upper, violations: violations).individuals())
        body.append(ChartSVG(values: values, chart: chart, lower: nil, upper: nil, violations: [:]).movingRange())

        body.append("<h2>Limits</h2>")
        body.append(Markup.table(headers: ["", "value"], rows: [
            ["lower spec limit", Markup.number(lower)], ["upper spec limit", Markup.number(upper)],
            ["centre (baseline mean)", "<span id=\"centre\">\(Markup.number(chart.centre))</span>"],
            ["σ̂ = MR̄ / 1.128", "<span id=\"sigma\">\(Markup.number(chart.sigma))</span>"],
            ["UCL", "<span id=\"ucl\">\(Markup.number(chart.upperControlLimit))</span>"],
            ["LCL", "<span id=\"lcl\">\(Markup.number(chart.lowerControlLimit))</span>"],
            ["MR̄", Markup.number(chart.meanMovingRange)], ["MR UCL = 3.267 MR̄", Markup.number(chart.movingRangeUpperLimit)],
            ["unit", Markup.escape(unit)],
        ], numeric: [1]))

        body.append("<h2>Capability over the window</h2>")
        let c = capability
        body.append(Markup.table(headers: ["Cp", "Cpk", "Pp", "Ppk"], rows: [[
            "<span id=\"cp\">\(Markup.number(c?.cp))</span>", "<span id=\"cpk\">\(Markup.number(c?.cpk))</span>",
            "<span id=\"pp\">\(Markup.number(c?.pp))</span>", "<span id=\"ppk\">\(Markup.number(c?.ppk))</span>",
        ]], numeric: [0, 1, 2, 3]))

        body.append("<h2>Nelson rules</h2>")
        if violations.isEmpty {
            body.append("<p id=\"no-violations\">No rule fires.</p>")
        } else {
            let rows = violations.keys.sorted().map { rule in
                let scans = violations[rule, default: []].map { points[$0].scanID }
                return ["\(rule.rawValue)", Markup.escape(rule.words), "\(scans.count)",
                        scans.suffix(10).map(Markup.scanLink).joined(separator: " ")]
            }
            body.append(Markup.table(headers: ["rule", "pattern", "points", "latest scans"], rows: rows, numeric: [0, 2]))
        }
        return Markup.page(title: "\(metric)", body: body)
    }
}

/// The two charts as inline SVG: one point per value, left to right.
struct ChartSVG {
    var values: [Double]
    var chart: IndividualsChart
    var lower: Double?
    var upper: Double?
    var violations: [NelsonRule: [Int]]

    static let width = 960.0
    static let left = 110.0
    static let right = 20.0

    func x(_ i: Int) -> Double {
        let span = Self.width - Self.left - Self.right
        return values.count <= 1 ? Self.left : Self.left + span * Double(i) / Double(values.count - 1)
    }

    func individuals() -> String {
        let lines: [(Double, String, String)] = [
            (chart.centre, "centre", "#1b7f3b"), (chart.upperControlLimit, "UCL", "#c62828"), (chart.lowerControlLimit, "LCL", "#c62828"),
        ] + [upper.map { ($0, "USL", "#e65100") }, lower.map { ($0, "LSL", "#e65100") }].compactMap { $0 }
        let flagged = Dictionary(grouping: violations.flatMap { rule, indices in indices.map { ($0, rule) } }, by: \.0)
            .mapValues { $0.map(\.1.rawValue).sorted() }
        return plot(id: "individuals", title: "Individuals", height: 320, series: values, lines: lines, flagged: flagged)
    }

    func movingRange() -> String {
        let ranges = [Double.nan] + IndividualsChart.movingRanges(values)
        return plot(id: "moving-range", title: "Moving range", height: 180, series: ranges,
                    lines: [(chart.meanMovingRange, "MR̄", "#1b7f3b"), (chart.movingRangeUpperLimit, "UCL", "#c62828")], flagged: [:])
    }

    /// `series` may hold NaN (no point there); `flagged` maps an index to the rules it broke.
    private func plot(id: String, title: String, height: Double, series: [Double],
                      lines: [(value: Double, label: String, colour: String)], flagged: [Int: [Int]]) -> String {
        let top = 24.0, bottom = 20.0
        let all = series.filter(\.isFinite) + lines.map(\.value)
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if hi - lo < 1e-12 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.05
        lo -= pad; hi += pad
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * (height - top - bottom) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = ["<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\">"]
        out.append("<text x=\"8\" y=\"16\" font-size=\"13\">\(Markup.escape(title))</text>")
        for line in lines {
            let dash = line.label == "centre" || line.label == "MR̄" ? "" : " stroke-dasharray=\"6 4\""
            out.append("<line class=\"limit\" x1=\"\(f(Self.left))\" x2=\"\(f(Self.width - Self.right))\" y1=\"\(f(y(line.value)))\" y2=\"\(f(y(line.value)))\" stroke=\"\(line.colour)\"\(dash)/>")
            out.append("<text x=\"4\" y=\"\(f(y(line.value) + 4))\" font-size=\"11\" fill=\"\(line.colour)\">\(Markup.escape(line.label)) \(Markup.escape(Formatting.number(line.value)))</text>")
        }
        let path = series.indices.filter { series[$0].isFinite }.map { "\(f(x($0))),\(f(y(series[$0])))" }
        if path.count > 1 {
            out.append("<polyline fill=\"none\" stroke=\"#555\" stroke-width=\"1\" points=\"\(path.joined(separator: " "))\"/>")
        }
        for i in series.indices where series[i].isFinite {
            if let rules = flagged[i] {
                out.append("<circle class=\"violation\" cx=\"\(f(x(i)))\" cy=\"\(f(y(series[i])))\" r=\"4.5\" fill=\"#c62828\"><title>rule \(rules.map(String.init).joined(separator: ", "))</title></circle>")
            } else {
                out.append("<circle class=\"point\" cx=\"\(f(x(i)))\" cy=\"\(f(y(series[i])))\" r=\"2.5\" fill=\"#1c1c1c\"/>")
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }
}
