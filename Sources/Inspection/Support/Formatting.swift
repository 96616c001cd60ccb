import Foundation

/// Number formatting shared by reasons, reports and CSV, so the same value reads
/// the same everywhere.
public enum Formatting {
    /// Up to 4 significant decimals, trailing zeros dropped (`2.3`, `0.0214`, `18`).
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
        let magnitude = abs(x)
        let decimals = magnitude >= 100 ? 2 : magnitude >= 1 ? 3 : magnitude >= 0.01 ? 4 : 6
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// Full precision for machine-readable outputs (CSV): shortest round-trip form.
    public static func exact(_ x: Double) -> String { "\(x)" }

    /// `x unit` with a space, or just `x` for dimensionless values.
    public static func quantity(_ x: Double, unit: String) -> String {
        unit.isEmpty ? number(x) : "\(number(x)) \(unit)"
    }
}
