import Foundation

/// `capability.html`: one self-contained page (inline CSS and SVG, no scripts)
/// with the confusion matrix, the false-call rates, each metric's bias and gauge
/// indices, the POD curves and the list of cells called wrongly.
enum CapabilityPage {
    static func html(_ r: CapabilityReport) -> String {
        var body = "<h1>cellqa gauge capability</h1>"
        body += "<p>\(r.scans) scans of \(r.cells) cells, inspected by the production pipeline in \(Int(r.inspectionSeconds)) s.</p>"
        body += rates(r) + confusion(r) + metrics(r) + pods(r) + misses(r)
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>cellqa capability</title>
            <style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}
            .bad{background:#fdd}.ok{background:#dfd}svg{background:#fff;border:1px solid #ddd;margin:4px}</style></head>
            <body>\(body)</body></html>
            """
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func num(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x, x.isFinite else { return "—" }
        return String(format: "%.\(digits)g", x)
    }

    static func rates(_ r: CapabilityReport) -> String {
        let rows: [(String, RateEstimate, Bool)] = [
            ("false reject (expected PASS → FAIL)", r.falseRejectRate, true),
            ("false INVALID (measurable → INVALID)", r.falseInvalidRate, true),
            ("ERROR", r.errorRate, true),
            ("escape (expected FAIL → PASS)", r.escapeRate, true),
        ]
        var t = "<h2>False calls</h2><table><tr><th class=l>rate</th><th>count</th><th>of</th><th>rate</th><th>95 % upper bound</th></tr>"
        for (name, e, _) in rows {
            let cls = e.count == 0 ? "ok" : "bad"
            t += "<tr class=\(cls)><td class=l>\(name)</td><td>\(e.count)</td><td>\(e.total)</td><td>\(num(e.rate.map { 100 * $0 })) %</td><td>\(num(e.upper95.map { 100 * $0 })) %</td></tr>"
        }
        return t + "</table><p>Ambiguous cells (truth within max(guard band, 1 voxel) of a limit) are counted in the matrix, not in the rates.</p>"
    }

    static func confusion(_ r: CapabilityReport) -> String {
        let observed = ObservedVerdict.allCases
        var t = "<h2>Expected × observed verdict</h2><table><tr><th class=l>expected \\ observed</th>"
        t += observed.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr>"
        for e in ExpectedVerdict.allCases {
            t += "<tr><td class=l>\(e.rawValue)</td>"
            for o in observed {
                let n = r.confusion.count(expected: e, observed: o)
                let right = e.rawValue == o.rawValue
                t += "<td class=\(n > 0 && !right && e != .ambiguous ? "bad" : "")>\(n)</td>"
            }
            t += "</tr>"
        }
        return t + "</table>"
    }

    static func metrics(_ r: CapabilityReport) -> String {
        let formats = Set(r.metrics.flatMap { $0.grrPercent.keys }).sorted()
        var t = "<h2>Metrics: bias against truth and gauge capability</h2>"
        t += "<p>Bias over scans that were measured (PASS or FAIL); repeatability σ pooled over re-scans of the same cell; %GRR = 6σ/(USL − LSL), one-sided 3σ/|limit − nominal|; Cg = 0.2·T/6σ, Cgk = (0.1·T − |bias|)/3σ (VDA 5 type 1).</p>"
        t += "<table><tr><th class=l>metric</th><th>n</th><th>bias</th><th>bias SD</th><th>bias (voxels)</th><th>repeatability σ</th>"
        t += formats.map { "<th>%GRR \($0)</th><th>Cg/Cgk \($0)</th><th>voxel for 10 % (\($0))</th>" }.joined() + "</tr>"
        for m in r.metrics {
            t += "<tr><td class=l>\(esc(m.id))</td><td>\(m.n)</td><td>\(num(m.bias))</td><td>\(num(m.biasSD))</td><td>\(num(m.biasVoxels, 2))</td><td>\(num(m.repeatabilitySD))</td>"
            for f in formats {
                let g = m.grrPercent[f]
                t += "<td class=\(g.map { $0 <= 10 ? "ok" : "bad" } ?? "")>\(num(g, 3))</td><td>\(num(m.cg[f], 2)) / \(num(m.cgk[f], 2))</td><td>\(num(m.voxelForGRR10[f]?.voxelSize, 2))</td>"
            }
            t += "</tr>"
        }
        t += "</table>"
        for m in r.metrics where m.n > 0 {
            t += "<h3>\(esc(m.id)): bias by group</h3><table><tr><th class=l>group</th><th class=l>value</th><th>n</th><th>mean bias</th><th>SD</th><th>± 95 %</th></tr>"
            for (key, groups) in m.biasBy.sorted(by: { $0.key < $1.key }) {
                for (value, b) in groups.sorted(by: { $0.key < $1.key }) {
                    t += "<tr><td class=l>\(esc(key))</td><td class=l>\(esc(value))</td><td>\(b.n)</td><td>\(num(b.meanBias))</td><td>\(num(b.sdBias))</td><td>\(num(b.halfWidth95))</td></tr>"
                }
            }
            t += "</table>"
        }
        return t
    }

    static func pods(_ r: CapabilityReport) -> String {
        var t = "<h2>Probability of detection (hit = FAIL on the defect's metric)</h2><table><tr><th class=l>defect</th><th class=l>metric</th><th class=l>formats</th><th>limit</th><th>hits</th><th>misses</th><th>a50</th><th>a90</th><th>a90/95</th><th class=l>fit</th></tr>"
        for p in r.pod {
            t += "<tr><td class=l>\(esc(p.defect))</td><td class=l>\(esc(p.metric))</td><td class=l>\(esc(p.formats.joined(separator: ", ")))</td><td>\(num(p.limit))</td><td>\(p.hits)</td><td>\(p.misses)</td><td>\(num(p.a50))</td><td>\(num(p.a90))</td><td>\(num(p.a90_95))</td><td class=l>\(esc(p.status))\(p.reason.map { ": " + esc($0) } ?? "")</td></tr>"
        }
        t += "</table>"
        return t + r.pod.map(podPlot).joined()
    }

    /// POD against size (log axis): the fitted curve, its lower 95 % bound, and each hit (1) and miss (0).
    static func podPlot(_ p: CapabilityReport.DefectPOD) -> String {
        let w = 360.0, h = 220.0, left = 40.0, bottom = 30.0
        let sizes = p.points.map(\.size).filter { $0 > 0 } + p.curve.map(\.size)
        guard let lo = sizes.min(), let hi = sizes.max(), hi > lo else { return "" }
        func x(_ s: Double) -> Double { left + (w - left - 10) * (log(s) - log(lo)) / (log(hi) - log(lo)) }
        func y(_ v: Double) -> Double { (h - bottom) - (h - bottom - 10) * v }
        var svg = "<svg width=\(Int(w)) height=\(Int(h)) viewBox='0 0 \(Int(w)) \(Int(h))' xmlns='http://www.w3.org/2000/svg'>"
        svg += "<text x=\(Int(left)) y=12 font-size=12>\(esc(p.defect)), \(esc(p.formats.joined(separator: ", "))) (\(esc(p.unit.isEmpty ? "size" : p.unit)))</text>"
        if p.limitIsUpper, let limit = p.limit, limit >= lo, limit <= hi {
            svg += "<line x1=\(x(limit)) y1=\(y(0)) x2=\(x(limit)) y2=\(y(1)) stroke='#999' stroke-dasharray='2 2'/><text x=\(x(limit) + 3) y=\(y(0.15)) font-size=10>limit</text>"
        }
        svg += "<line x1=\(left) y1=\(y(0)) x2=\(w - 10) y2=\(y(0)) stroke='#999'/><line x1=\(left) y1=\(y(0)) x2=\(left) y2=\(y(1)) stroke='#999'/>"
        svg += "<line x1=\(left) y1=\(y(0.9)) x2=\(w - 10) y2=\(y(0.9)) stroke='#ccc' stroke-dasharray='3 3'/>"
        for s in [lo, (lo * hi).squareRoot(), hi] {
            svg += "<text x=\(x(s) - 12) y=\(h - 12) font-size=10>\(num(s, 2))</text>"
        }
        if !p.curve.isEmpty {
            svg += "<polyline fill=none stroke='#06c' stroke-width=2 points='" + p.curve.map { "\(x($0.size)),\(y($0.pod))" }.joined(separator: " ") + "'/>"
            svg += "<polyline fill=none stroke='#06c' stroke-dasharray='4 3' points='" + p.curve.map { "\(x($0.size)),\(y($0.podLower95))" }.joined(separator: " ") + "'/>"
        }
        for pt in p.points where pt.size > 0 {
            svg += "<circle cx=\(x(pt.size)) cy=\(y(pt.hit ? 1 : 0)) r=3 fill='\(pt.hit ? "#c00" : "#090")' fill-opacity=0.6/>"
        }
        if let a = p.a90_95, a >= lo, a <= hi {
            svg += "<line x1=\(x(a)) y1=\(y(0)) x2=\(x(a)) y2=\(y(1)) stroke='#c60'/><text x=\(x(a) + 3) y=\(y(0.5)) font-size=10>a90/95</text>"
        }
        return svg + "</svg>"
    }

    static func misses(_ r: CapabilityReport) -> String {
        guard !r.misses.isEmpty else { return "<h2>Cells called wrongly</h2><p>None.</p>" }
        var t = "<h2>Cells called wrongly (\(r.misses.count))</h2><table><tr><th class=l>scan</th><th>expected</th><th>observed</th><th class=l>defect</th><th class=l>first reason</th></tr>"
        for m in r.misses {
            t += "<tr><td class=l>\(esc(m.id))</td><td>\(m.expected)</td><td>\(m.observed)</td><td class=l>\(esc(m.defect))</td><td class=l>\(esc(m.reasons.first ?? ""))</td></tr>"
        }
        return t + "</table>"
    }
}
