import Foundation

/// Which layer family of a cell is the anode, by which rule, and how sure.
///
/// Not by grey level: the anode reads darker than the cathode on `cell_vol`, but
/// brighter behind an LFP cathode or where its copper foil dominates a coarse voxel.
/// By what holds for every cell:
/// 1. **Overhang majority** (the primary rule). The anode overhangs the cathode at
///    the roll's ends on nearly every turn of a good cell. Over every pair of
///    neighbouring layers, one of each family, whose both ends were measured (in
///    every section, at both roll ends: ``SectionLayers/endPairs``), the family
///    whose layer ends further out is counted, ties half to each. The family that
///    reaches further in at least ⅔ of the pairs is the anode, when that majority is
///    also real: the lower bound of its 95 % Wilson interval above ½ (three pairs
///    out of three are not evidence). Its share of the pairs is the confidence. A
///    negative overhang (the defect) flips the two pairs of its turn, not the
///    majority; at ⅔ up to a third of the pairs may be defects or misread ends
///    before the rule gives up.
/// 2. **Copper foil line** (``CopperFoilCue``, corroborating): the anode's copper
///    current collector is a thin line brighter than its coating at the layer's
///    centre; the cathode's aluminium foil is not. Where the voxel resolves it, it
///    must not contradict rule 1, and it decides alone when rule 1 does not.
/// Neither decisive, or both decisive and contradicting each other: ``anode`` is nil
/// and the overhang metrics are reported unmeasured (`overhang.polarity_unknown`),
/// never as a defect and never as a pass. A contradiction is what a cell whose anodes
/// all end short of their cathodes looks like (rule 1 then names the cathode): it
/// must go to review, not pass as a good cell of the other polarity.
public struct AnodeIdentification: Sendable, Codable, Equatable {
    public enum Rule: String, Sendable, Codable, Equatable {
        case overhangMajority = "overhang_majority"
        case copperFoil = "copper_foil"
        case undecided
    }

    /// The family called the anode; nil when neither rule decides.
    public var anode: LayerFamily?
    public var rule: Rule
    /// Share of the neighbour pairs in which the called anode reaches further out
    /// (rule 1), or the foil cue's confidence (rule 2); nil when undecided.
    public var confidence: Double?
    /// Neighbour pairs compared, and in how many each family reached further out
    /// (the rest are ties).
    public var pairs: Int
    public var dimmerReachesFurther: Int
    public var brighterReachesFurther: Int
    /// The copper foil cue, nil when no section had layers.
    public var foil: CopperFoilCue?
    /// For people: which family, why, and how the two cues compare.
    public var reason: String

    /// Least share of pairs for rule 1 to decide.
    public static let majority = 2.0 / 3.0

    init(pairs: [SectionLayers.EndPair], foil: CopperFoilCue?) {
        let dimmer = pairs.filter { $0.reachingFurther == .dimmer }.count
        let brighter = pairs.filter { $0.reachingFurther == .brighter }.count
        self.pairs = pairs.count
        self.dimmerReachesFurther = dimmer
        self.brighterReachesFurther = brighter
        self.foil = foil
        let ties = Double(pairs.count - dimmer - brighter)
        let dimmerShare = pairs.isEmpty ? 0.5 : (Double(dimmer) + ties / 2) / Double(pairs.count)
        let leading: LayerFamily = dimmerShare >= 0.5 ? .dimmer : .brighter
        let share = max(dimmerShare, 1 - dimmerShare)
        let overhangs = String(format: "the %@ layers end further out than their %@ neighbours in %d of %d pairs (%.1f %%)",
                               leading.rawValue, leading.other.rawValue,
                               leading == .dimmer ? dimmer : brighter, pairs.count, 100 * share)
        let foilSays = foil?.summary ?? "no layers for the copper foil cue"
        let lowerBound = Self.wilsonLowerBound(share, pairs.count)
        let byOverhangs = share >= Self.majority && lowerBound > 0.5
        let shortfall = share < Self.majority ? "below the 2/3 needed"
            : String(format: "too few pairs to be a majority (95 %% lower bound %.2f, not above 1/2)", lowerBound)
        if byOverhangs, let byFoil = foil?.anode, byFoil != leading {
            anode = nil
            rule = .undecided
            confidence = nil
            reason = "the cues contradict each other: \(overhangs), but \(foilSays) "
                + "(anodes all short of their cathodes would look so)"
        } else if byOverhangs {
            anode = leading
            rule = .overhangMajority
            confidence = share
            let agreement = foil?.anode == nil ? "does not decide" : "agrees"
            reason = "anode = \(leading.rawValue) family: \(overhangs); the copper foil cue \(agreement) (\(foilSays))"
        } else if let byFoil = foil?.anode {
            anode = byFoil
            rule = .copperFoil
            confidence = foil?.confidence
            reason = "anode = \(byFoil.rawValue) family by its copper foil line (\(foilSays)); "
                + "the overhangs do not decide: \(overhangs), \(shortfall)"
        } else {
            anode = nil
            rule = .undecided
            confidence = nil
            reason = pairs.isEmpty
                ? "no pair of neighbouring layer ends was measured, and \(foilSays)"
                : "neither family can be told to be the anode: \(overhangs), \(shortfall); \(foilSays)"
        }
    }

    /// Lower bound of the Wilson score interval (95 %, z = 1.96) of a share `p` of `n` trials; 0 for none.
    static func wilsonLowerBound(_ p: Double, _ n: Int) -> Double {
        guard n > 0 else { return 0 }
        let z = 1.96, nn = Double(n)
        let centre = p + z * z / (2 * nn)
        let spread = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()
        return (centre - spread) / (1 + z * z / nn)
    }
}
