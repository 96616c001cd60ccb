/// Limits that make a scan measurable. The paper leaves the numbers open; these
/// defaults are cellqa's, chosen on the phantom's separability curve and the
/// example data (see README, "Scan quality"), and are set per site in the config.
public struct QualityThresholds: Sendable, Codable, Equatable {
    /// Layer contrast-to-noise below which the method's fixed-threshold
    /// segmentation breaks the phantom's layers into fragments (between CNR 4.6
    /// and 5.3 on the nominal phantom; see README, "Scan quality").
    public var minLayerCNR: Double = 5.0
    /// Cell axis against the volume axis (the method: "within about 1°").
    public var maxTiltDeg: Double = 1.0
    /// Fractional drop of electrode intensity at the axis (beam hardening).
    public var maxCupping: Double = 0.10
    /// 10–90 % width of the can's outer edge.
    public var maxEdgeWidthPx: Double = 3.0
    /// `StreakIndex` of the air around the can: about 1 without streaks (1.0 on
    /// the nominal phantom); 2 means streaks as strong as ~0.7 × the noise σ
    /// (see README, "Scan quality").
    public var maxStreakIndex: Double = 2.0

    public init(minLayerCNR: Double = 5.0, maxTiltDeg: Double = 1.0,
                maxCupping: Double = 0.10, maxEdgeWidthPx: Double = 3.0, maxStreakIndex: Double = 2.0) {
        self.minLayerCNR = minLayerCNR
        self.maxTiltDeg = maxTiltDeg
        self.maxCupping = maxCupping
        self.maxEdgeWidthPx = maxEdgeWidthPx
        self.maxStreakIndex = maxStreakIndex
    }
}
