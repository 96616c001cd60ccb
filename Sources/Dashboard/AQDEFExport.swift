import Foundation
import Inspection

/// The fail list as a Q-DAS AQDEF transfer file (`.dfq`: description and
/// values in one file), so qs-STAT and PiWeb users import it. One part (K1001,
/// the cell format), one characteristic per metric (K2001 number, K2002 name,
/// K2110/K2111 limits, K2142 unit), then one value line per scan and metric:
/// K0001 value, K0004 time (`dd.mm.yyyy/hh:mm:ss`, UTC), K0014 part id (the scan id).
struct AQDEFExport {
    var scans: [JudgedScan]

    func text() -> String {
        var characteristics: [String] = []
        var limits: [String: (lower: Double?, upper: Double?, unit: String)] = [:]
        for scan in scans {
            for m in scan.measurements {
                if limits[m.metric] == nil { characteristics.append(m.metric) }
                limits[m.metric] = (m.lower, m.upper, m.unit)
            }
        }
        let number = Dictionary(uniqueKeysWithValues: characteristics.enumerated().map { ($1, $0 + 1) })
        let part = Set(scans.compactMap(\.row.format)).sorted().joined(separator: "+")

        var lines = ["K0100 \(characteristics.count)", "K1001/1 \(Self.clean(part.isEmpty ? "cell" : part))", "K1002/1 cellqa fail list"]
        for (i, metric) in characteristics.enumerated() {
            let k = i + 1
            lines.append("K2001/\(k) \(Self.clean(metric))")
            lines.append("K2002/\(k) \(Self.clean(metric))")
            if let lower = limits[metric]?.lower { lines.append("K2110/\(k) \(Formatting.exact(lower))") }
            if let upper = limits[metric]?.upper { lines.append("K2111/\(k) \(Formatting.exact(upper))") }
            if let unit = limits[metric]?.unit, !unit.isEmpty { lines.append("K2142/\(k) \(Self.clean(unit))") }
        }
        for scan in scans {
            for m in scan.measurements {
                guard let k = number[m.metric] else { continue }
                lines.append("K0001/\(k) \(Formatting.exact(m.value))")
                lines.append("K0004/\(k) \(Self.time(scan.row.inspectedAt))")
                lines.append("K0014/\(k) \(Self.clean(scan.row.scanID))")
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field is the rest of its line: no line breaks in it.
    static func clean(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%02d.%02d.%04d/%02d:%02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
