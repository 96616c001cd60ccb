/// One row of the quality gate's table: which metric, which limit, which side of
/// it passes, the stable code and the operator's remedy. `QualityRule.all` is the
/// only source of the gate's INVALID reasons, so the quality analysis, the gate
/// stage and `cellqa analyze quality` say the same words with the same code.
public struct QualityRule: Sendable {
    /// Which side of the limit passes.
    public enum Comparison: Sendable, Equatable {
        /// value ≥ limit passes (fails as `value < limit`).
        case atLeast
        /// value ≤ limit passes (fails as `value > limit`).
        case atMost
    }

    public let metric: MetricID
    /// Stable code of the reason, for grouping and the database (`quality.layer_cnr`).
    public let code: String
    public let comparison: Comparison
    /// Judged on |value|: tilt and cupping are bad in either direction.
    public let magnitude: Bool
    /// True when the scan is INVALID if the metric could not be measured at all:
    /// without layer contrast, cupping or an edge there is no cell scan to judge.
    /// Tilt and streaks are judged only where they can be measured.
    public let requiresMeasurement: Bool
    /// What the reason calls the metric (`layer CNR`).
    public let label: String
    /// Suffix of value and limit in the reason (`°`, `%`, ` px`).
    public let unitSuffix: String
    /// Factor from the metric's unit to the reason's (100 for a fraction shown in %).
    public let displayScale: Double
    /// What the operator does about it.
    public let remedy: String
    /// The limit of this rule in a set of thresholds (nil: not checked).
    public let limit: @Sendable (QualityThresholds) -> Double?

    /// The gate's table, in the order its reasons are listed.
    public static let all: [QualityRule] = [
        QualityRule(
            metric: .qualitySNR, code: "quality.layer_cnr", comparison: .atLeast, magnitude: false,
            requiresMeasurement: true, label: "layer CNR", unitSuffix: "", displayScale: 1,
            remedy: "electrode layers are not separable; rescan with longer exposure or more projections",
            limit: { $0.minSNR }),
        QualityRule(
            metric: .qualityTilt, code: "quality.tilt_deg", comparison: .atMost, magnitude: true,
            requiresMeasurement: false, label: "tilt", unitSuffix: "°", displayScale: 1,
            remedy: "remount the cell in the holder and rescan", limit: { $0.maxTiltDeg }),
        QualityRule(
            metric: .qualityCupping, code: "quality.cupping", comparison: .atMost, magnitude: true,
            requiresMeasurement: true, label: "cupping", unitSuffix: "%", displayScale: 100,
            remedy: "beam hardening; rescan with a beam filter or apply beam-hardening correction",
            limit: { $0.maxCupping }),
        QualityRule(
            metric: .qualityEdgeWidth, code: "quality.edge_width_px", comparison: .atMost, magnitude: false,
            requiresMeasurement: true, label: "can edge width", unitSuffix: " px", displayScale: 1,
            remedy: "blurred scan (motion or focal spot); fix the cell firmly and rescan",
            limit: { $0.maxEdgeWidthPx }),
        QualityRule(
            metric: .qualityStreakIndex, code: "quality.streak_index", comparison: .atMost, magnitude: false,
            requiresMeasurement: false, label: "streak index", unitSuffix: "", displayScale: 1,
            remedy: "under-sampled reconstruction (too few projections); rescan with more projections",
            limit: { $0.maxStreakIndex }),
    ]

    /// The rule judging `metric`, if the gate judges it.
    public static func rule(for metric: MetricID) -> QualityRule? { all.first { $0.metric == metric } }

    /// Judges `value` (nil: not measured) against this rule's limit in `thresholds`.
    /// nil when there is nothing to judge: not measured and not required.
    /// An unset limit passes every measured value.
    public func check(_ value: Double?, thresholds: QualityThresholds) -> QualityCheck? {
        let limit = limit(thresholds)
        guard let value else {
            guard requiresMeasurement else { return nil }
            return QualityCheck(
                metric: metric, code: code, value: nil, limit: limit, passed: false,
                reason:
                    "\(metric) could not be measured: no slice shows a can with wound layers; is this a cylindrical cell scan, and not too noisy? Check the export and rescan"
            )
        }
        let judged = magnitude ? abs(value) : value
        guard let limit else {
            return QualityCheck(metric: metric, code: code, value: judged, limit: nil, passed: true, reason: "")
        }
        let passed = comparison == .atLeast ? judged >= limit : judged <= limit
        return QualityCheck(
            metric: metric, code: code, value: judged, limit: limit, passed: passed,
            reason: passed ? "" : reason(value: judged, limit: limit))
    }

    /// `layer CNR 4.4 < 5.0: electrode layers are not separable; …`: value and
    /// limit to 0.1 in the reason's unit, then the remedy.
    public func reason(value: Double, limit: Double) -> String {
        let symbol = comparison == .atLeast ? "<" : ">"
        func shown(_ x: Double) -> String { fmt(x * displayScale) + unitSuffix }
        return "\(label) \(shown(value)) \(symbol) \(shown(limit)): \(remedy)"
    }
}
