import Foundation

/// A histogram as a small standalone SVG, for the overhang deflection and length
/// distributions (the reference plots the same with matplotlib).
public enum OverhangHistogram {
    /// `bins` equal bins over [min, max] of `values`; bars with counts, axis labels and title.
    public static func svg(_ values: [Double], bins: Int = 20, title: String, xLabel: String) -> String {
        let w = 480.0, h = 300.0, left = 50.0, bottom = 40.0, top = 30.0, right = 15.0
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<text x=\"\(w / 2)\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">\(escape(title))</text>\n"
        guard let lo = values.min(), let hi0 = values.max() else { return out + "</svg>\n" }
        let hi = hi0 > lo ? hi0 : lo + 1
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, Int((v - lo) / (hi - lo) * Double(bins)))] += 1 }
        let peak = Double(counts.max() ?? 1)
        let pw = w - left - right, ph = h - top - bottom, bw = pw / Double(bins)
        for (i, c) in counts.enumerated() where c > 0 {
            let bh = Double(c) / peak * ph
            out += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a78c0\" stroke=\"#222\"/>\n",
                          left + Double(i) * bw, top + ph - bh, bw, bh)
        }
        out += "<line x1=\"\(left)\" y1=\"\(top + ph)\" x2=\"\(left + pw)\" y2=\"\(top + ph)\" stroke=\"#000\"/>\n"
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">%.3g</text>\n", left, top + ph + 14, lo)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n", left + pw, top + ph + 14, hi)
        out += "<text x=\"\(left + pw / 2)\" y=\"\(h - 8)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text x=\"12\" y=\"\(top + ph / 2)\" transform=\"rotate(-90 12 \(top + ph / 2))\" text-anchor=\"middle\">count (max \(Int(peak)))</text>\n"
        return out + "</svg>\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
