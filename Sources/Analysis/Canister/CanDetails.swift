import Imaging

/// Everything the can analysis found, besides the judged measurements: per-slice
/// results, slices that could not be measured, where the extremes are, the profiles
/// along the axis and the can axis. Lengths in millimetres unless named `…Px`.
public struct CanDetails: Sendable, Codable {
    public var settings: Settings
    public var slices: [CanSliceResult]
    public var skipped: [SkippedSlice]
    public var extremes: Extremes?
    public var profile: AxialProfile?
    public var axis: CanAxis?

    public struct Settings: Sendable, Codable, Equatable {
        public var segmentation: CanSegmentation
        public var pixelSizeMM: Double
        public var voxelSize: VoxelSize
        public var step: Int
        public var options: CanSliceOptions
        /// Seeds used on every slice of a volume run; the extreme slices are re-run with `options.seedCount`.
        public var volumeSeedCount: Int
        /// What the ellipse axis measurements mean.
        public var ellipseAxes: String = "can.ellipse_major_mm / minor_mm are FULL axes (2·A, 2·B), like a diameter"
        public var ellipseValue: String = "ellipse-derived values are the mean over the RANSAC seeds; uncertainty = population std over them"
    }

    public struct SkippedSlice: Sendable, Codable, Equatable {
        public var slice: Int
        public var reason: String
    }

    /// Where the worst values sit: slice index and angle about that slice's ellipse centre
    /// (radians, atan2(row − yc, col − xc)).
    public struct Extremes: Sendable, Codable, Equatable {
        public var minWallThicknessMM: Double
        public var minWallThicknessSlice: Int
        public var minWallThicknessAngle: Double
        public var maxDentMM: Double
        public var maxDentSlice: Int
        public var maxDentAngle: Double
        public var maxEccentricity: Double
        public var maxEccentricitySlice: Int
    }

    /// Min / max / mean along the axis of the per-slice figures.
    public struct AxialProfile: Sendable, Codable, Equatable {
        public var outerDiameterMM: Range
        public var innerDiameterMM: Range
        public var eccentricity: Range
        public var wallThicknessMeanMM: Range

        public struct Range: Sendable, Codable, Equatable {
            public var min: Double
            public var max: Double
            public var mean: Double
            init(_ v: [Double]) {
                min = v.min() ?? .nan
                max = v.max() ?? .nan
                mean = v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
        }
    }
}
