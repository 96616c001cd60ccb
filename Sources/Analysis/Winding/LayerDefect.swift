/// A layer whose segmentation is not one clean turn of the spiral, so its fit
/// should not be trusted as winding quality (reported explicitly, never hidden).
public struct LayerDefect: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// A tiny piece (fewer pixels than `WindingOptions.fragmentMaxPixels`),
        /// e.g. the sliver beside the seam at the end of the roll.
        case fragment
        /// Two turns joined into one label: at one angle the layer spans about a
        /// pitch or more radially (a chunk thicker than median thickness + half a pitch).
        case mergedTurns = "merged_turns"
        /// Consecutive chunk radii jump by more than half a pitch (a turn that
        /// continues into the next one, or a break in the electrode).
        case radiusJump = "radius_jump"
        /// One turn broken into several labels (a gap in the electrode): this
        /// layer's fitted line runs within pitch/2 of another layer's.
        case splitTurn = "split_turn"
    }

    public var layer: Int
    public var kind: Kind
    /// Angle (degrees) where it was seen; nil for fragments.
    public var angle: Double?
    /// What was measured, in words, e.g. "chunk thickness 17.2 px > 10.9 px".
    public var detail: String
}
