/// Limits that make a scan measurable (the method's step 1), from `[quality]` in
/// the configuration. The paper leaves the numbers open; these defaults are
/// cellqa's, chosen on the phantom's separability curve and the example data (see
/// README, "Scan quality"), and are set per site in the config. A scan outside
/// them is INVALID: rescan, do not reject the cell. An unset (nil) limit is not
/// checked. `QualityRule.all` says how each limit judges its metric.
public struct QualityThresholds: Sendable, Codable, Equatable {
    /// Minimum `quality.snr`, the layer contrast-to-noise ratio: below it the
    /// method's fixed-threshold segmentation breaks the phantom's layers into
    /// fragments (between CNR 4.6 and 5.3 on the nominal phantom; see README, "Scan quality").
    public var minSNR: Double?
    /// Maximum angle between cell axis and volume axis, degrees (the method: "within about 1°").
    public var maxTiltDeg: Double?
    /// Maximum cupping: fractional drop of electrode intensity at the axis (beam
    /// hardening; its magnitude is judged).
    public var maxCupping: Double?
    /// Maximum 10–90 % width of the can's outer edge, pixels (blur, focal spot, motion).
    public var maxEdgeWidthPx: Double?
    /// Maximum `StreakIndex` of the air around the can: about 1 without streaks
    /// (1.0 on the nominal phantom); 2 means streaks as strong as ~0.7 × the noise σ
    /// (see README, "Scan quality").
    public var maxStreakIndex: Double?

    public init(
        minSNR: Double? = 5.0, maxTiltDeg: Double? = 1.0, maxCupping: Double? = 0.10,
        maxEdgeWidthPx: Double? = 3.0, maxStreakIndex: Double? = 2.0
    ) {
        self.minSNR = minSNR
        self.maxTiltDeg = maxTiltDeg
        self.maxCupping = maxCupping
        self.maxEdgeWidthPx = maxEdgeWidthPx
        self.maxStreakIndex = maxStreakIndex
    }

    /// The checks of the measurements that have a rule and fail it, in the order
    /// given: the judgement of a gate's measurements by these limits.
    public func failedChecks(in measurements: [Measurement]) -> [QualityCheck] {
        measurements.compactMap { m in QualityRule.rule(for: m.id)?.check(m.value, thresholds: self) }
            .filter { !$0.passed }
    }

    /// The `[quality]` keys (the configuration's names; also the config hash's).
    enum CodingKeys: String, CodingKey {
        case minSNR = "min_snr", maxTiltDeg = "max_tilt_deg", maxCupping = "max_cupping"
        case maxEdgeWidthPx = "max_edge_width_px", maxStreakIndex = "max_streak_index"
    }
}
