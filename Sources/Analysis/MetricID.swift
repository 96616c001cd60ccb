/// The name of one measured quantity: the contract between analyses, tolerance
/// tables, the database, JSON records and the journal.
///
/// Dotted, family first, unit last where there is one (`can.max_dent_mm`).
/// Every id cellqa can produce is declared once below; tolerance tables are
/// validated against `MetricID.all`.
public struct MetricID: RawRepresentable, Hashable, Sendable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public var family: Substring { rawValue.prefix { $0 != "." } }
    public static func < (a: MetricID, b: MetricID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

extension MetricID {
    // Can geometry (notebook 02), aggregated over the slices analysed.
    public static let canOuterDiameter: MetricID = "can.outer_diameter_mm"
    public static let canInnerDiameter: MetricID = "can.inner_diameter_mm"
    public static let canWallThicknessMean: MetricID = "can.wall_thickness_mean_mm"
    public static let canWallThicknessMin: MetricID = "can.wall_thickness_min_mm"
    public static let canWallThicknessMax: MetricID = "can.wall_thickness_max_mm"
    public static let canWallThicknessStd: MetricID = "can.wall_thickness_std_mm"
    public static let canEllipseMajor: MetricID = "can.ellipse_major_mm"
    public static let canEllipseMinor: MetricID = "can.ellipse_minor_mm"
    public static let canEccentricity: MetricID = "can.eccentricity"
    public static let canMaxDent: MetricID = "can.max_dent_mm"

    // Winding (notebook 03).
    public static let windingLayerCount: MetricID = "winding.layer_count"
    public static let windingRMSEMean: MetricID = "winding.rmse_mean_mm"
    public static let windingMaxAbsError: MetricID = "winding.max_abs_error_mm"
    public static let windingBuckledLayerCount: MetricID = "winding.buckled_layer_count"
    /// Largest radial departure of a layer from the spiral fitted robustly to the
    /// whole roll (`SpiralExcursion`), mm: a buckle is not absorbed by its own layer's fit.
    public static let windingMaxRadialExcursion: MetricID = "winding.max_radial_excursion_mm"

    // Electrode overhang (notebook 01).
    public static let overhangCount: MetricID = "overhang.count"
    public static let overhangAngleMean: MetricID = "overhang.angle_mean_deg"
    public static let overhangAngleStd: MetricID = "overhang.angle_std_deg"
    public static let overhangLengthMean: MetricID = "overhang.length_mean_mm"
    public static let overhangLengthMin: MetricID = "overhang.length_min_mm"
    public static let overhangLengthStd: MetricID = "overhang.length_std_mm"
    public static let overhangNegativeCount: MetricID = "overhang.negative_count"
    public static let overhangBaseDeviationStd: MetricID = "overhang.base_deviation_std_mm"
    public static let overhangBaseDeviationMax: MetricID = "overhang.base_deviation_max_mm"

    // Scan quality (the method's Step 1).
    public static let qualitySNR: MetricID = "quality.snr"
    public static let qualityTilt: MetricID = "quality.tilt_deg"
    public static let qualityCupping: MetricID = "quality.cupping"
    public static let qualityEdgeWidth: MetricID = "quality.edge_width_px"
    public static let qualityStreakIndex: MetricID = "quality.streak_index"

    /// Every id an analysis may emit. Analyses that add an id add it here.
    public static let all: [MetricID] = [
        canOuterDiameter, canInnerDiameter, canWallThicknessMean, canWallThicknessMin,
        canWallThicknessMax, canWallThicknessStd, canEllipseMajor, canEllipseMinor,
        canEccentricity, canMaxDent,
        windingLayerCount, windingRMSEMean, windingMaxAbsError, windingBuckledLayerCount,
        windingMaxRadialExcursion,
        overhangCount, overhangAngleMean, overhangAngleStd, overhangLengthMean,
        overhangLengthMin, overhangLengthStd, overhangNegativeCount,
        overhangBaseDeviationStd, overhangBaseDeviationMax,
        qualitySNR, qualityTilt, qualityCupping, qualityEdgeWidth, qualityStreakIndex,
    ]
}
