import Foundation

/// The plain-text table `make bench` prints.
enum ResultTable {
    static func render(_ r: BenchRun.Result) -> String {
        func f(_ v: Double?, _ format: String = "%.3f") -> String { v.map { String(format: format, $0) } ?? "–" }
        /// Ratios: whole numbers from 10 up, two decimals below (0.42 must not print as 0).
        func ratio(_ v: Double?) -> String { v.map { String(format: $0 >= 10 ? "%.0f" : "%.2f", $0) } ?? "–" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        var lines: [String] = []
        lines.append(String(format: "load average at start %.1f %.1f %.1f, at end %.1f %.1f %.1f (%@ cores)",
                            r.loadAverageStart[0], r.loadAverageStart[1], r.loadAverageStart[2],
                            r.loadAverageEnd[0], r.loadAverageEnd[1], r.loadAverageEnd[2], r.machine["cpu_count"] ?? "?"))
        let header = [pad("stage", 34), lpad("wall s", 9), lpad("cpu s", 9), lpad("ref wall", 9), lpad("ref cpu", 9),
                      lpad("×wall", 8), lpad("×cpu", 8), lpad("/floor", 7), lpad("RSS MiB", 8)].joined(separator: " ")
        lines.append(header)
        lines.append(String(repeating: "-", count: header.count))
        for row in r.rows {
            let s = row.stage
            lines.append([pad("\(s.group)/\(s.name)", 34), lpad(f(s.wallMedian), 9), lpad(f(s.cpuMedian), 9),
                          lpad(f(row.reference?.wall, "%.2f"), 9), lpad(f(row.reference?.cpu, "%.2f"), 9),
                          lpad(ratio(row.speedupWall), 8), lpad(ratio(row.speedupCPU), 8),
                          lpad(f(row.overReadFloor, "%.1f"), 7), lpad(f(s.peakRSSMiB, "%.0f"), 8)].joined(separator: " "))
        }
        if let w = r.phantomTotalWall {
            lines.append(String(format: "phantom total (the whole inspection, `inspect` row): wall %.2f s, cpu %.2f s, peak RSS %.0f MiB",
                                w, r.phantomTotalCPU ?? .nan, r.phantomPeakRSSMiB ?? .nan))
        }
        lines.append("×wall/×cpu = reference ÷ cellqa (times faster); /floor = cellqa wall ÷ read-alone wall of the same data")
        if let src = r.referenceSource {
            lines.append("reference: \(src) (generated \(r.referenceProvenance["generated_utc"] ?? "?"))")
        }
        return lines.joined(separator: "\n")
    }
}
