/// Both layer families of one section followed out of the roll, and where each
/// layer ends: what ``ClassicalOverhangSegmenter`` measures before either family is
/// called the anode (rows with the outer face toward row 0).
struct SectionLayers: Sendable {
    /// The layers of one family.
    struct Family: Sendable {
        /// Body columns of the layers, in radial order (left to right).
        var columns: [Int]
        /// Column per row of each followed layer, keyed by its body column.
        var tracks: [Int: [Int]] = [:]
        /// Row (fractional) where each layer that ends in the section ends.
        var ends: [Int: Double] = [:]
    }

    /// Two ends of neighbouring layers, one of each family.
    struct EndPair: Sendable, Equatable {
        var brighterEndRow: Double
        var dimmerEndRow: Double

        /// The family whose layer ends further out (smaller row); nil on a tie.
        var reachingFurther: LayerFamily? {
            dimmerEndRow < brighterEndRow ? .dimmer : brighterEndRow < dimmerEndRow ? .brighter : nil
        }
    }

    var profile: LayerProfile
    var brighter: Family
    var dimmer: Family
    /// The copper foil cue's reading of the body profile.
    var foil: CopperFoilCue.SectionTally
    /// How far the dimmer layers stand above the separator, in standard deviations of
    /// the level their ends are read from (``ClassicalOverhangSegmenter/contrastToNoise(_:separator:)``);
    /// nil when no dimmer layer was followed.
    var dimmerContrastToNoise: Double? = nil

    subscript(family: LayerFamily) -> Family {
        family == .brighter ? brighter : dimmer
    }

    /// Layers closer than this (pixels) are neighbours: ¾ of the pitch, so a layer's
    /// neighbours are the two of the other family on either side of it (half a pitch
    /// away) and never the next of its own (a whole pitch).
    var neighbourReach: Double { Self.neighbourReach(pitch: profile.pitch) }

    static func neighbourReach(pitch: Double) -> Double { 0.75 * pitch }

    /// The layers of `family` that neighbour column `c` (within ``neighbourReach``).
    func neighbours(of c: Int, in family: LayerFamily) -> [Int] {
        self[family].columns.filter { abs(Double($0 - c)) <= neighbourReach }
    }

    /// Every pair of neighbouring layers, one of each family, with both ends measured.
    var endPairs: [EndPair] {
        brighter.columns.flatMap { b -> [EndPair] in
            guard let brighterEnd = brighter.ends[b] else { return [] }
            return neighbours(of: b, in: .dimmer).compactMap { d in
                dimmer.ends[d].map { EndPair(brighterEndRow: brighterEnd, dimmerEndRow: $0) }
            }
        }
    }
}
