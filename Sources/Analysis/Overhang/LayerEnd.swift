/// The measured end of one anode layer in one angular section, with the end of the
/// cathode beside it: the signed overhang.
///
/// Rows are section rows (= slices, counted from the section's first slice) with
/// the end region's outer face toward row 0, fractional: an end is where the grey
/// level along the layer crosses halfway between the layer's level and the
/// separator level (linear interpolation between rows), so a step edge between
/// rows k−1 and k is found at k − ½.
public struct LayerEnd: Sendable, Codable, Equatable {
    /// The overhang region of this end when it has one (positive overhang of at
    /// least one whole row), else nil.
    public var label: Int?
    /// Signed radial position of the anode (pixels from the axis, negative = the
    /// section's left half), in the layer body.
    public var radialPosition: Double
    /// Where the anode ends (row, fractional).
    public var anodeEndRow: Double
    /// Where the reference cathode ends: the outermost-reaching (smallest row) of
    /// the cathodes on either side of the anode, because the anode must cover the
    /// cathode on both of its faces.
    public var cathodeEndRow: Double

    /// Signed overhang in rows: anode end beyond cathode end, positive when the
    /// anode reaches further out. Negative = the cathode reaches beyond the anode
    /// (a defect that must be reported).
    public var overhangRows: Double { cathodeEndRow - anodeEndRow }

    public init(label: Int?, radialPosition: Double, anodeEndRow: Double, cathodeEndRow: Double) {
        self.label = label
        self.radialPosition = radialPosition
        self.anodeEndRow = anodeEndRow
        self.cathodeEndRow = cathodeEndRow
    }
}
