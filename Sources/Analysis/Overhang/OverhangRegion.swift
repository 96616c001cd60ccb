import Imaging

/// Which end of the jelly roll a measurement belongs to.
public enum RollEnd: String, Sendable, Codable {
    case top, bottom
}

/// One segmented overhang in one angular section, with scikit-image
/// `regionprops` properties and its physical size.
///
/// Rows of the region are slices; `minSlice`/`maxSlice` are inclusive slice
/// indices of the volume. `baseSlice` is the slice just outside the reference's
/// `bbox[2]` (exclusive end row), i.e. where the cathode begins for a top end.
public struct OverhangRegion: Sendable, Codable, Equatable {
    /// Unique over all sections of the cell.
    public var label: Int
    public var end: RollEnd
    public var angleDegrees: Double
    /// Signed radial position of the region centroid, mm (negative = the section's left half).
    public var radialPositionMM: Double
    public var area: Int
    /// scikit-image bbox in section coordinates (rows counted from the roll's
    /// outer face inward, max bounds exclusive).
    public var bbox: [Int]
    public var centroid: [Double]
    /// scikit-image orientation of the region on square (physical) pixels, degrees.
    public var orientationDegrees: Double
    /// Lean of the anode centre line from the cell axis, degrees, positive =
    /// outward (away from the axis): a least-squares line through the sub-pixel
    /// centre of the anode on each region row (the classical segmenter), else
    /// the orientation signed outward. Nil for regions under 3 rows.
    public var deflectionDegrees: Double?
    /// Standard error of the fitted deflection (from the line fit's residuals), degrees.
    public var deflectionUncertaintyDegrees: Double?
    /// Deflected: leaning at least 5° and by more than three standard errors.
    public var isDeflected: Bool {
        guard let d = deflectionDegrees else { return false }
        return abs(d) >= 5 && abs(d) > 3 * (deflectionUncertaintyDegrees ?? 0)
    }
    /// Vertical length `bbox[2] − bbox[0]` in slices and mm.
    public var lengthSlices: Int
    public var lengthMM: Double
    /// `bbox[2]`: the region's base row (where its cathode begins).
    public var baseRow: Int
}
