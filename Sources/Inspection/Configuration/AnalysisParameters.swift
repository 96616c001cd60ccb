/// Settings the analyses read, from the `[analysis]` table of the daemon config.
/// Thresholds are grey values of the volume as read; `nil` means automatic (Otsu).
public struct AnalysisParameters: Sendable, Codable, Equatable {
    /// Can wall threshold (`im > t`): the reference uses 100 on 8-bit cell_vol, 61000 on 16-bit slices.
    public var canThreshold: Double?
    /// Electrode threshold for the classical winding segmentation (reference: 52).
    public var electrodeThreshold: Double?
    /// Analyse every n-th slice for per-slice metrics (can geometry, tilt).
    public var sliceStep: Int
    /// The same as a distance along the cell axis (mm): when set, it wins over
    /// `sliceStep`, so a scanner with finer slices samples the cell as densely, in
    /// mm, as a coarser one rather than analysing more slices per mm.
    public var slicePitchMM: Double?
    /// Pixel size used when neither a sidecar nor the TIFF tags give one (mm).
    public var defaultPixelSizeMM: Double?
    /// RANSAC ellipse fit: trials and the seed that makes it deterministic.
    public var ransacTrials: Int
    public var ransacSeed: Int
    /// Angular sections for the overhang analysis, degrees apart (reference: 5°).
    public var overhangAngleStepDeg: Double
    /// Angular bins of the dent profile (reference: 180).
    public var dentBins: Int

    public init(canThreshold: Double? = nil, electrodeThreshold: Double? = nil, sliceStep: Int = 10,
                defaultPixelSizeMM: Double? = nil, ransacTrials: Int = 2000, ransacSeed: Int = 0,
                overhangAngleStepDeg: Double = 5, dentBins: Int = 180, slicePitchMM: Double? = nil) {
        self.canThreshold = canThreshold
        self.electrodeThreshold = electrodeThreshold
        self.sliceStep = sliceStep
        self.defaultPixelSizeMM = defaultPixelSizeMM
        self.ransacTrials = ransacTrials
        self.ransacSeed = ransacSeed
        self.overhangAngleStepDeg = overhangAngleStepDeg
        self.dentBins = dentBins
        self.slicePitchMM = slicePitchMM
    }

    /// The slice step for a volume whose slices are `sliceMM` apart: `slicePitchMM`
    /// in slices (rounded, at least 1) when set, else `sliceStep`.
    public func sliceStep(sliceMM: Double) -> Int {
        guard let pitch = slicePitchMM, sliceMM > 0 else { return sliceStep }
        return max(1, Int((pitch / sliceMM).rounded()))
    }

    enum CodingKeys: String, CodingKey {
        case canThreshold = "can_threshold", electrodeThreshold = "electrode_threshold"
        case sliceStep = "slice_step", defaultPixelSizeMM = "pixel_size_mm"
        case ransacTrials = "ransac_trials", ransacSeed = "ransac_seed"
        case overhangAngleStepDeg = "overhang_angle_step_deg", dentBins = "dent_bins", slicePitchMM = "slice_pitch_mm"
    }
}
