import Foundation

/// How much of the roll the measured anode ends cover: whether "no negative overhang"
/// says something about every turn.
///
/// A short anode is one turn; it shows in every section twice (once in each half), so
/// it is missed only when its end is measured in none of them. With `n` anode layers
/// seen over `s` sections and `m` of their ends measured, the share measured is
/// `f = m / n`, the roll has about `n / (2s)` turns, and the chance that some turn has
/// no measured end anywhere is at most `turns · (1 − f)^(2s)` (each end measured
/// independently, a union bound over the turns). Above ``maxMissProbability`` the
/// ends do not cover the roll: a cell without a measured negative end is not passed on
/// them (`overhang.too_few_ends`, ``OverhangMetrics``).
public struct EndCoverage: Sendable, Codable, Equatable {
    /// Anode layers found in the sections' body rows, over every section.
    public var anodeLayers: Int
    /// Sections that showed layers.
    public var sections: Int
    /// Anode ends measured and signed.
    public var measuredEnds: Int

    /// The project's 95 % convention: a turn may go unmeasured with at most 5 % chance.
    public static let maxMissProbability = 0.05

    public init(anodeLayers: Int, sections: Int, measuredEnds: Int) {
        self.anodeLayers = anodeLayers
        self.sections = sections
        self.measuredEnds = measuredEnds
    }

    /// Share of the anode layers whose end was measured.
    public var fraction: Double { anodeLayers > 0 ? min(1, Double(measuredEnds) / Double(anodeLayers)) : 0 }

    /// Upper bound of the chance that some turn has no measured end (at most 1).
    public var turnMissProbability: Double {
        guard anodeLayers > 0, sections > 0 else { return 1 }
        let turns = Double(anodeLayers) / Double(2 * sections)
        return min(1, turns * pow(1 - fraction, Double(2 * sections)))
    }

    public var coversTheRoll: Bool { turnMissProbability <= Self.maxMissProbability }
}
