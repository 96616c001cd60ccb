import Analysis
import Foundation

/// Limits of the quality gate (the method's Step 1), from `[quality]` in the
/// daemon config. A scan outside them is INVALID: rescan, do not reject the cell.
/// Each limit carries the operator's remedy, so the reason says what to do.
public struct QualityThresholds: Sendable, Codable, Equatable {
    /// Minimum `quality.snr`: the quality analysis' layer contrast-to-noise ratio.
    public var minSNR: Double?
    /// Maximum angle between cell axis and volume axis, degrees (the method: about 1°).
    public var maxTiltDeg: Double?
    /// Maximum cupping: fractional drop of electrode intensity at the axis (its magnitude is judged).
    public var maxCupping: Double?
    /// Maximum edge width of the can wall, pixels (blur, focal spot, motion).
    public var maxEdgeWidthPx: Double?
    /// Maximum under-sampling streak index of the air around the can (`Analysis.StreakIndex`: ~1 without streaks).
    public var maxStreakIndex: Double?

    /// Defaults equal those of the quality analysis (`Analysis.QualityThresholds`).
    public init(minSNR: Double? = 5, maxTiltDeg: Double? = 1.0, maxCupping: Double? = 0.10, maxEdgeWidthPx: Double? = 3.0,
                maxStreakIndex: Double? = 2.0) {
        self.minSNR = minSNR
        self.maxTiltDeg = maxTiltDeg
        self.maxCupping = maxCupping
        self.maxEdgeWidthPx = maxEdgeWidthPx
        self.maxStreakIndex = maxStreakIndex
    }

    /// The problems these thresholds find among a gate stage's measurements.
    public func problems(in measurements: [Analysis.Measurement]) -> [QualityProblem] {
        measurements.compactMap { problem(for: $0) }
    }

    /// The same limits for the quality analysis, so the gate stage and the
    /// Inspector judge with one set of numbers (an unset limit is not checked).
    public var analysisThresholds: Analysis.QualityThresholds {
        Analysis.QualityThresholds(minLayerCNR: minSNR ?? 0, maxTiltDeg: maxTiltDeg ?? .infinity,
                                   maxCupping: maxCupping ?? .infinity, maxEdgeWidthPx: maxEdgeWidthPx ?? .infinity,
                                   maxStreakIndex: maxStreakIndex ?? .infinity)
    }

    func problem(for m: Analysis.Measurement) -> QualityProblem? {
        func format(_ x: Double) -> String { Formatting.number(x) }
        switch m.id {
        case .qualityTilt:
            guard let limit = maxTiltDeg, abs(m.value) > limit || !m.value.isFinite else { return nil }
            return QualityProblem(metric: m.id, reason: "tilt \(String(format: "%.1f", abs(m.value)))° > \(String(format: "%.1f", limit))°: remount the cell in the holder and rescan")
        case .qualitySNR:
            guard let limit = minSNR, m.value < limit || !m.value.isFinite else { return nil }
            return QualityProblem(metric: m.id, reason: "SNR \(format(m.value)) < \(format(limit)): layers are not separable; rescan with longer exposure or more frames")
        case .qualityCupping:
            guard let limit = maxCupping, abs(m.value) > limit || !m.value.isFinite else { return nil }
            return QualityProblem(metric: m.id, reason: "cupping \(format(abs(m.value))) > \(format(limit)): beam hardening; add a pre-filter or enable beam-hardening correction and rescan")
        case .qualityEdgeWidth:
            guard let limit = maxEdgeWidthPx, m.value > limit || !m.value.isFinite else { return nil }
            return QualityProblem(metric: m.id, reason: "edge width \(format(m.value)) px > \(format(limit)) px: image is blurred; check focus, cell fixation and rescan")
        case .qualityStreakIndex:
            guard let limit = maxStreakIndex, m.value > limit || !m.value.isFinite else { return nil }
            return QualityProblem(metric: m.id, reason: "streak index \(format(m.value)) > \(format(limit)): under-sampled reconstruction (too few projections); rescan with more projections")
        default:
            return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case minSNR = "min_snr", maxTiltDeg = "max_tilt_deg", maxCupping = "max_cupping", maxEdgeWidthPx = "max_edge_width_px"
        case maxStreakIndex = "max_streak_index"
    }
}
