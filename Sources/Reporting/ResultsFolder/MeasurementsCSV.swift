import Foundation
import Inspection

/// `measurements.csv`: one row per judged metric, RFC 4180 quoting, numbers at
/// full precision (Swift's shortest round-trip form), empty cells for absent values.
public enum MeasurementsCSV {
    public static let header = ["scan_id", "metric", "value", "unit", "uncertainty", "lower", "upper", "guard_band",
                                "pass", "near_limit", "margin", "stage"]

    public static func text(for record: InspectionRecord) -> String {
        var lines = [header.joined(separator: ",")]
        for m in record.metrics {
            let cells: [String] = [
                record.scan.id, m.metric.rawValue, number(m.value), m.unit, number(m.uncertainty), number(m.lower),
                number(m.upper), number(m.guardBand), m.pass.map { $0 ? "true" : "false" } ?? "",
                m.nearLimit ? "true" : "false", number(m.margin), m.stage,
            ]
            lines.append(cells.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double?) -> String { x.map(Formatting.exact) ?? "" }

    public static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Splits CSV text into rows of cells (RFC 4180), for tests and tools.
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
                } else { cell.append(ch) }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                row.append(cell); cell = ""
            } else if ch == "\n" {
                row.append(cell); rows.append(row); row = []; cell = ""
            } else if ch != "\r" {
                cell.append(ch)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }
}
