/// The Nelson rules the line alarms on (Nelson 1984, numbered as he did).
/// Each one is a pattern that an in-control process makes rarely, so its
/// appearance says the process changed, often before any cell is out of spec.
public enum NelsonRule: Int, Sendable, CaseIterable, Comparable, Codable {
    /// One point more than 3σ from the centre line.
    case beyondThreeSigma = 1
    /// Nine points in a row on the same side of the centre line: a shift.
    case nineOnOneSide = 2
    /// Six points in a row steadily increasing or steadily decreasing: a drift.
    case sixTrending = 3
    /// Two of three points in a row more than 2σ from the centre, on the same side.
    case twoOfThreeBeyondTwoSigma = 5

    public static func < (a: NelsonRule, b: NelsonRule) -> Bool { a.rawValue < b.rawValue }

    /// Words for the chart's legend and the journal.
    public var words: String {
        switch self {
        case .beyondThreeSigma: return "a point beyond 3σ"
        case .nineOnOneSide: return "9 in a row on one side of the centre"
        case .sixTrending: return "6 in a row steadily increasing or decreasing"
        case .twoOfThreeBeyondTwoSigma: return "2 of 3 beyond 2σ on one side"
        }
    }

    /// The indices of `values` where this rule fires against `chart`: the point
    /// that completes the pattern (and every later point while it goes on), so a
    /// chart marks where the alarm would have been raised.
    public func firings(in values: [Double], chart: IndividualsChart) -> [Int] {
        switch self {
        case .beyondThreeSigma: return Self.beyondThreeSigma(values, chart)
        case .nineOnOneSide: return Self.runOnOneSide(values, chart, length: 9)
        case .sixTrending: return Self.trend(values, length: 6)
        case .twoOfThreeBeyondTwoSigma: return Self.twoOfThree(values, chart)
        }
    }

    /// Every rule's firings, the rules that never fire left out.
    public static func violations(in values: [Double], chart: IndividualsChart,
                                  rules: [NelsonRule] = NelsonRule.allCases) -> [NelsonRule: [Int]] {
        var found: [NelsonRule: [Int]] = [:]
        for rule in rules {
            let indices = rule.firings(in: values, chart: chart)
            if !indices.isEmpty { found[rule] = indices }
        }
        return found
    }

    // A point on a limit is inside it: the rules use strict comparisons.

    private static func beyondThreeSigma(_ values: [Double], _ chart: IndividualsChart) -> [Int] {
        guard chart.sigma > 0 else { return [] }
        return values.indices.filter { abs(chart.zone(values[$0])) > 3 }
    }

    /// A point on the centre line belongs to neither side and ends a run.
    private static func runOnOneSide(_ values: [Double], _ chart: IndividualsChart, length: Int) -> [Int] {
        var fired: [Int] = []
        var run = 0
        var side = 0
        for (i, value) in values.enumerated() {
            let s = value > chart.centre ? 1 : (value < chart.centre ? -1 : 0)
            run = (s != 0 && s == side) ? run + 1 : (s == 0 ? 0 : 1)
            side = s
            if run >= length { fired.append(i) }
        }
        return fired
    }

    /// `length` points, each strictly above (or each strictly below) the one
    /// before: `length − 1` steps one way. A tie ends the trend.
    private static func trend(_ values: [Double], length: Int) -> [Int] {
        var fired: [Int] = []
        var steps = 0
        var direction = 0
        for i in values.indices.dropFirst() {
            let d = values[i] > values[i - 1] ? 1 : (values[i] < values[i - 1] ? -1 : 0)
            steps = (d != 0 && d == direction) ? steps + 1 : (d == 0 ? 0 : 1)
            direction = d
            if steps >= length - 1 { fired.append(i) }
        }
        return fired
    }

    /// Fires at a point beyond 2σ when at least one of the two before it is
    /// beyond 2σ on the same side: the alarm is raised on the second such point,
    /// never on an in-zone point that happens to close the window of three.
    private static func twoOfThree(_ values: [Double], _ chart: IndividualsChart) -> [Int] {
        guard chart.sigma > 0 else { return [] }
        let zones = values.map(chart.zone)
        return values.indices.filter { i in
            for side in [1.0, -1.0] where zones[i] * side > 2 {
                let window = zones[max(0, i - 2)...i]
                if window.filter({ $0 * side > 2 }).count >= 2 { return true }
            }
            return false
        }
    }
}
