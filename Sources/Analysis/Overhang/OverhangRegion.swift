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
    /// Rows of the line fit (its degrees of freedom are `fitRows − 2`).
    public var fitRows: Int?
    /// How far the fitted centre line moves across the region, in-plane pixels.
    public var deflectionShiftPixels: Double?
    /// Deflected: leaning at least 5°, by at least one pixel from base to tip
    /// (smaller shifts are below what partial-volume edges let us resolve), and
    /// significantly — the lean exceeds the two-sided 99.9 % Student-t bound of its
    /// standard error (short regions have few rows; a plain 3-sigma rule flags noise).
    public var isDeflected: Bool {
        guard let d = deflectionDegrees else { return false }
        guard let se = deflectionUncertaintyDegrees, let n = fitRows, let shift = deflectionShiftPixels else {
            return abs(d) >= 5
        }
        return abs(d) >= 5 && shift >= 1 && abs(d) > StudentT.quantile9995(degreesOfFreedom: n - 2) * se
    }
    /// Vertical length `bbox[2] − bbox[0]` in slices and mm.
    public var lengthSlices: Int
    public var lengthMM: Double
    /// `bbox[2]`: the region's base row (where its cathode begins).
    public var baseRow: Int
}
