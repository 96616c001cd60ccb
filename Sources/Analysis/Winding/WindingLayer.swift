/// One connected piece of the winding between two crossings of the seam.
///
/// Numbering as the reference: `index` is the reversed raster-scan label
/// (`max_label + 1 − label`), which is *not* radius order; `radiusRank` orders the
/// layers by mean radius (1 = innermost) for people.
public struct WindingLayer: Sendable, Codable, Equatable {
    /// Reversed label, as the reference numbers layers (parity).
    public var index: Int
    /// 1 = innermost by mean radius.
    public var radiusRank: Int
    public var pixelCount: Int
    public var meanRadius: Double
    /// Smallest and largest pixel angle, degrees.
    public var angleMin: Double
    public var angleMax: Double
    public var chunks: [WindingChunk]
    /// Least-squares line r = intercept + slope·θ (px, px/degree) through the chunk
    /// means; nil for layers with fewer than two chunks.
    public var slope: Double?
    public var intercept: Double?
    public var rmsePx: Double?
    public var maxAbsErrorPx: Double?
    /// Mean angle of the chunk with the largest |deviation|, degrees.
    public var worstAngle: Double?

    /// Whether a line was fitted (at least two chunks).
    public var isFitted: Bool { maxAbsErrorPx != nil }

    enum CodingKeys: String, CodingKey {
        case index, radiusRank = "radius_rank", pixelCount = "pixel_count", meanRadius = "mean_radius_px"
        case angleMin = "angle_min_deg", angleMax = "angle_max_deg", chunks, slope, intercept
        case rmsePx = "rmse_px", maxAbsErrorPx = "max_abs_error_px", worstAngle = "worst_angle_deg"
    }
}
