/// Settings of the can analysis of one slice; defaults follow the reference's `im075`
/// example (docs/method.md step 4): mean per bin, 180 bins, RANSAC min 5 samples,
/// residual threshold 1 px, 2000 trials, scikit-image's default stop probability (1),
/// 20 seeds for the spread.
public struct CanSliceOptions: Sendable, Codable, Equatable {
    public var dentAggregation: DentAggregation = .mean
    public var bins: Int = 180
    public var ransacMaxTrials: Int = 2000
    public var ransacResidualThreshold: Double = 1
    public var ransacStopProbability: Double = 1
    /// RANSAC runs with seeds `baseSeed ..< baseSeed + seedCount`; 0 = least squares only.
    public var seedCount: Int = 20
    public var baseSeed: UInt64 = 0
    /// Which contour is the inner wall (see `CanWall.InnerContourRule`).
    public var innerContour: CanWall.InnerContourRule = .smallest
    /// Which wall thickness the judged `can.wall_thickness_*` metrics report.
    public var wallDefinition: WallDefinition = .edges

    /// How a volume run reports the wall thickness.
    public enum WallDefinition: String, Sendable, Codable, CaseIterable {
        /// Between the grey-level half-height edges (`EdgeWallThickness`): unbiased to a
        /// fraction of a voxel. Falls back to the method's figure on mask input.
        case edges
        /// The method's: a distance transform between one-pixel mask borders
        /// (docs/method.md step 4), about a voxel thin; for parity with the reference.
        case reference
    }

    public init(dentAggregation: DentAggregation = .mean, bins: Int = 180, ransacMaxTrials: Int = 2000,
                ransacResidualThreshold: Double = 1, ransacStopProbability: Double = 1,
                seedCount: Int = 20, baseSeed: UInt64 = 0, innerContour: CanWall.InnerContourRule = .smallest) {
        self.dentAggregation = dentAggregation
        self.bins = bins
        self.ransacMaxTrials = ransacMaxTrials
        self.ransacResidualThreshold = ransacResidualThreshold
        self.ransacStopProbability = ransacStopProbability
        self.seedCount = seedCount
        self.baseSeed = baseSeed
        self.innerContour = innerContour
    }

    /// The reference's settings for the synthetic `ellipse_dent` example: median per bin, 3000 trials.
    public static let ellipseDentReference = CanSliceOptions(dentAggregation: .median, ransacMaxTrials: 3000)
}
