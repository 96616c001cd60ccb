/// The outcome of inspecting one scan.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Every judged metric within tolerance.
    case pass = "PASS"
    /// At least one metric out of tolerance: the cell is rejected.
    case fail = "FAIL"
    /// The scan is not measurable (quality gate failed): rescan, do not reject the cell.
    case invalid = "INVALID"
    /// The scan could not be read or analysed: say where, never crash.
    case error = "ERROR"
}
