import Analysis

/// Settings the analyses read, from the `[analysis]` table of the daemon config.
/// Thresholds are grey values of the volume as read; `nil` means automatic (Otsu).
public struct AnalysisParameters: Sendable, Codable, Equatable {
    /// Can wall threshold (`im > t`): the reference uses 100 on 8-bit cell_vol, 61000 on 16-bit slices.
    public var canThreshold: Double?
    /// Electrode threshold for the classical winding segmentation (reference: 52).
    public var electrodeThreshold: Double?
    /// Distance along the cell axis between the slices the per-slice analyses
    /// (quality gate, can geometry, winding) measure, mm. A distance, not a slice
    /// count, so a scanner with finer slices samples the cell as densely as a coarser
    /// one. 0.5 mm: 130 slices over an 18650; on the production phantom every metric
    /// is within 0.004 of the value sampled every 0.19 mm (Benchmarks/README.md).
    public var slicePitchMM: Double
    /// A fixed slice step instead of `slicePitchMM` (every n-th slice), when set.
    public var sliceStep: Int?
    /// Pixel size used when neither a sidecar nor the TIFF tags give one (mm).
    public var defaultPixelSizeMM: Double?
    /// RANSAC ellipse fit: trials and the seed that makes it deterministic.
    public var ransacTrials: Int
    public var ransacSeed: Int
    /// Angular sections for the overhang analysis, degrees apart (reference: 5°).
    public var overhangAngleStepDeg: Double
    /// Angular bins of the dent profile (reference: 180).
    public var dentBins: Int
    /// `edges` (default): the judged wall thickness between grey-level half-height
    /// edges; `reference`: the method's distance transform between mask borders.
    public var wallDefinition: CanSliceOptions.WallDefinition
    /// `α` of the overhang short-turn test (`ShortTurnTest`): the chance per cell that
    /// misread ends alone make a stretch of strip read short.
    public var overhangShortTurnAlpha: Double
    /// Least contrast of the dimmer layers over the separator, in σ of their level, for
    /// the overhang ends to be measured (`OverhangMetrics.minimumContrastToNoise`).
    public var overhangMinLayerCNR: Double

    public init(canThreshold: Double? = nil, electrodeThreshold: Double? = nil, sliceStep: Int? = nil,
                defaultPixelSizeMM: Double? = nil, ransacTrials: Int = 2000, ransacSeed: Int = 0,
                overhangAngleStepDeg: Double = 5, dentBins: Int = 180, slicePitchMM: Double = 0.5,
                wallDefinition: CanSliceOptions.WallDefinition = .edges, overhangShortTurnAlpha: Double = 0.01,
                overhangMinLayerCNR: Double = OverhangMetrics.minimumContrastToNoise) {
        self.canThreshold = canThreshold
        self.electrodeThreshold = electrodeThreshold
        self.sliceStep = sliceStep
        self.defaultPixelSizeMM = defaultPixelSizeMM
        self.ransacTrials = ransacTrials
        self.ransacSeed = ransacSeed
        self.overhangAngleStepDeg = overhangAngleStepDeg
        self.dentBins = dentBins
        self.slicePitchMM = slicePitchMM
        self.wallDefinition = wallDefinition
        self.overhangShortTurnAlpha = overhangShortTurnAlpha
        self.overhangMinLayerCNR = overhangMinLayerCNR
    }

    /// The slice step for a volume whose slices are `sliceMM` apart: `sliceStep`
    /// when set, else `slicePitchMM` in slices (rounded, at least 1).
    public func sliceStep(sliceMM: Double) -> Int {
        if let sliceStep { return sliceStep }
        guard sliceMM > 0 else { return 1 }
        return max(1, Int((slicePitchMM / sliceMM).rounded()))
    }

    enum CodingKeys: String, CodingKey {
        case canThreshold = "can_threshold", electrodeThreshold = "electrode_threshold"
        case sliceStep = "slice_step", defaultPixelSizeMM = "pixel_size_mm"
        case ransacTrials = "ransac_trials", ransacSeed = "ransac_seed"
        case overhangAngleStepDeg = "overhang_angle_step_deg", dentBins = "dent_bins", slicePitchMM = "slice_pitch_mm"
        case wallDefinition = "wall_definition"
        case overhangShortTurnAlpha = "overhang_short_turn_alpha", overhangMinLayerCNR = "overhang_min_layer_cnr"
    }

    /// Configurations recorded before a setting existed decode with its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnalysisParameters()
        self.init(canThreshold: try c.decodeIfPresent(Double.self, forKey: .canThreshold),
                  electrodeThreshold: try c.decodeIfPresent(Double.self, forKey: .electrodeThreshold),
                  sliceStep: try c.decodeIfPresent(Int.self, forKey: .sliceStep),
                  defaultPixelSizeMM: try c.decodeIfPresent(Double.self, forKey: .defaultPixelSizeMM),
                  ransacTrials: try c.decodeIfPresent(Int.self, forKey: .ransacTrials) ?? defaults.ransacTrials,
                  ransacSeed: try c.decodeIfPresent(Int.self, forKey: .ransacSeed) ?? defaults.ransacSeed,
                  overhangAngleStepDeg: try c.decodeIfPresent(Double.self, forKey: .overhangAngleStepDeg) ?? defaults.overhangAngleStepDeg,
                  dentBins: try c.decodeIfPresent(Int.self, forKey: .dentBins) ?? defaults.dentBins,
                  slicePitchMM: try c.decodeIfPresent(Double.self, forKey: .slicePitchMM) ?? defaults.slicePitchMM,
                  wallDefinition: try c.decodeIfPresent(CanSliceOptions.WallDefinition.self, forKey: .wallDefinition)
                      ?? defaults.wallDefinition,
                  overhangShortTurnAlpha: try c.decodeIfPresent(Double.self, forKey: .overhangShortTurnAlpha)
                      ?? defaults.overhangShortTurnAlpha,
                  overhangMinLayerCNR: try c.decodeIfPresent(Double.self, forKey: .overhangMinLayerCNR) ?? defaults.overhangMinLayerCNR)
    }
}
