import SPC

/// A Nelson rule broken by one of the newest scans of a metric: the process
/// changed lately, whether or not any cell has failed yet.
public struct DriftAlarm: Sendable, Equatable {
    public var metric: String
    public var format: String
    public var rule: NelsonRule
    /// The newest scan at which the rule fires.
    public var scanID: String
}

/// What the Now page calls active: a rule that fires at one of the newest
/// `recent` points of the series, judged against the limits of its first
/// `baseline` points (as on the metric page with the same window).
public enum DriftAlarms {
    static let recent = 5
    static let baseline = 30
    static let window = 500

    static func alarms(metric: String, format: String, points: [SeriesPoint],
                       baseline: Int = Self.baseline, recent: Int = Self.recent) -> [DriftAlarm] {
        // The newest points must lie beyond the baseline: limits from a window
        // that holds the points judged would hide the very change.
        guard points.count > baseline, let chart = IndividualsChart(baseline: points.prefix(baseline).map(\.value)) else { return [] }
        let firstRecent = max(baseline, points.count - recent)
        let values = points.map(\.value)
        return NelsonRule.allCases.compactMap { rule in
            guard let last = rule.firings(in: values, chart: chart).last, last >= firstRecent else { return nil }
            return DriftAlarm(metric: metric, format: format, rule: rule, scanID: points[last].scanID)
        }
    }
}

extension DriftAlarms {
    /// The rules that start firing at the newest point: they fire there and did
    /// not at the point before (one alarm per episode, not one per scan while it lasts).
    static func starting(metric: String, format: String, points: [SeriesPoint], baseline: Int = Self.baseline) -> [DriftAlarm] {
        guard points.count > baseline, let chart = IndividualsChart(baseline: points.prefix(baseline).map(\.value)) else { return [] }
        let values = points.map(\.value)
        let newest = values.count - 1
        return NelsonRule.allCases.compactMap { rule in
            let firings = Set(rule.firings(in: values, chart: chart))
            guard firings.contains(newest), !firings.contains(newest - 1) else { return nil }
            return DriftAlarm(metric: metric, format: format, rule: rule, scanID: points[newest].scanID)
        }
    }
}

extension LogReader {
    /// The alarms that `scanID`, just judged, starts: for each metric of its
    /// current judgement, on its format, when it is the newest value of the series.
    public func startingDriftAlarms(scanID: String) async throws -> [DriftAlarm] {
        guard let current = try await judgements(scanID: scanID).last, let format = current.row.format else { return [] }
        var alarms: [DriftAlarm] = []
        for metric in current.measurements.map(\.metric) {
            let points = try await series(metric: metric, format: format, limit: DriftAlarms.window)
            guard points.last?.scanID == scanID else { continue }
            alarms += DriftAlarms.starting(metric: metric, format: format, points: points)
        }
        return alarms
    }
}
