import Inspection

/// An inline SVG showing, for every judged metric, where its value lies in its
/// tolerance interval: the interval is the grey band (scaled to the same width
/// for every metric), the dot the value (green pass, red fail, amber near limit).
/// A one-sided limit is drawn with a band as wide as the limit itself (so for an
/// upper limit, zero sits at the band's start).
struct LimitsChart {
    var metrics: [MetricJudgement]

    func svg() -> String {
        let judged = metrics.filter { $0.pass != nil }
        let rowHeight = 26.0, labelWidth = 260.0, plotWidth = 520.0, valueWidth = 160.0
        let width = labelWidth + plotWidth + valueWidth
        let height = Double(judged.count) * rowHeight + 30
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">")
        let bandStart = labelWidth + plotWidth * 0.25, bandEnd = labelWidth + plotWidth * 0.75
        parts.append("<text x=\"\(bandStart)\" y=\"14\" text-anchor=\"middle\" fill=\"#666\">lower</text>")
        parts.append("<text x=\"\(bandEnd)\" y=\"14\" text-anchor=\"middle\" fill=\"#666\">upper</text>")
        for (row, m) in judged.enumerated() {
            let y = 24 + Double(row) * rowHeight
            let x = position(of: m, bandStart: bandStart, bandEnd: bandEnd, plotStart: labelWidth, plotEnd: labelWidth + plotWidth)
            let colour = m.pass == false ? "#c62828" : (m.nearLimit ? "#e09100" : "#1b7f3b")
            parts.append("<text x=\"4\" y=\"\(y + 15)\">\(HTML.escape(m.metric.rawValue))</text>")
            parts.append("<line x1=\"\(labelWidth)\" y1=\"\(y + 11)\" x2=\"\(labelWidth + plotWidth)\" y2=\"\(y + 11)\" stroke=\"#ddd\"/>")
            let left = m.lower == nil ? labelWidth : bandStart
            let right = m.upper == nil ? labelWidth + plotWidth : bandEnd
            parts.append("<rect x=\"\(left)\" y=\"\(y + 4)\" width=\"\(right - left)\" height=\"14\" fill=\"#d8e6d8\"/>")
            if m.lower != nil { parts.append("<line x1=\"\(bandStart)\" y1=\"\(y + 1)\" x2=\"\(bandStart)\" y2=\"\(y + 21)\" stroke=\"#333\"/>") }
            if m.upper != nil { parts.append("<line x1=\"\(bandEnd)\" y1=\"\(y + 1)\" x2=\"\(bandEnd)\" y2=\"\(y + 21)\" stroke=\"#333\"/>") }
            parts.append("<circle cx=\"\(x)\" cy=\"\(y + 11)\" r=\"6\" fill=\"\(colour)\"><title>\(HTML.escape(m.metric.rawValue)) = \(HTML.escape(Formatting.quantity(m.value, unit: m.unit)))</title></circle>")
            parts.append("<text x=\"\(labelWidth + plotWidth + 8)\" y=\"\(y + 15)\" fill=\"\(colour)\">\(HTML.escape(Formatting.quantity(m.value, unit: m.unit)))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Maps the value so that lower → bandStart and upper → bandEnd, clamped to the plot.
    private func position(of m: MetricJudgement, bandStart: Double, bandEnd: Double, plotStart: Double, plotEnd: Double) -> Double {
        let x: Double
        switch (m.lower, m.upper) {
        case let (l?, u?) where u > l:
            x = bandStart + (m.value - l) / (u - l) * (bandEnd - bandStart)
        case let (l?, u?):
            x = m.value < l ? bandStart - 20 : (m.value > u ? bandEnd + 20 : (bandStart + bandEnd) / 2)
        case let (l?, nil):
            // Open above: one band width = the limit's own size (or twice the value at 0).
            let scale = l != 0 ? abs(l) : max(abs(m.value), 1e-9) * 2
            x = bandStart + (m.value - l) / scale * (bandEnd - bandStart)
        case let (nil, u?):
            // Open below: one band width = the limit's own size, so 0 sits at the band's start.
            let scale = u != 0 ? abs(u) : max(abs(m.value), 1e-9) * 2
            x = bandEnd - (u - m.value) / scale * (bandEnd - bandStart)
        default:
            x = (bandStart + bandEnd) / 2
        }
        return min(max(x, plotStart + 6), plotEnd - 6)
    }
}

/// Horizontal bars of the seconds each stage took.
struct TimingChart {
    var stages: [StageRecord]

    func svg() -> String {
        let rowHeight = 22.0, labelWidth = 160.0, plotWidth = 420.0
        let longest = max(stages.map(\.seconds).max() ?? 0, 1e-6)
        let height = Double(stages.count) * rowHeight + 8
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + plotWidth + 120))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">"]
        for (row, stage) in stages.enumerated() {
            let y = 4 + Double(row) * rowHeight
            let w = max(1, stage.seconds / longest * plotWidth)
            let colour = stage.status == .failed ? "#c62828" : (stage.status == .skipped ? "#bbb" : "#4a6fa5")
            parts.append("<text x=\"4\" y=\"\(y + 14)\">\(HTML.escape(stage.name))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"14\" fill=\"\(colour)\"/>")
            let label = stage.status == .skipped ? "skipped" : "\(Formatting.number(stage.seconds)) s"
            parts.append("<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 14)\">\(HTML.escape(label))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
