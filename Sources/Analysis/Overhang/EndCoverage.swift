import Foundation

/// Whether the measured anode ends reach every turn of the roll: whether "no negative
/// overhang" says something about each turn.
///
/// A short anode is a turn whose end lies below its cathode's. It is found only if some
/// end of that turn was measured, in some section. So the anode layers seen in the
/// sections (and the ends measured) are assigned to turns: on an Archimedean spiral the
/// radius grows by one pitch per turn, so `ρ = r ∓ pitch·φ/360°` (`r` the distance from
/// the axis, `φ` the layer's direction: the section's angle on its positive half,
/// 180° more on the other) is the same all along a turn and a pitch apart between turns.
/// The winding sense is the sign under which `ρ` modulo the pitch is most concentrated
/// (mean resultant length of its phase), and turns are counted from the circular mean of
/// that phase. A turn the sections resolve, seen in at least half of the `2·sections`
/// section halves, must have at least one measured end; else the ends do not cover the
/// roll and a cell without a measured negative end is not passed on them
/// (`overhang.too_few_ends`, ``OverhangMetrics``). A count of ends over the whole roll would
/// not do: plenty of ends on the inner turns say nothing about an outer turn none of
/// whose ends was measured. Layers seen in fewer section halves (the spiral's first and
/// last part-turns, a stray peak) are listed but not required.
public struct EndCoverage: Sendable, Codable, Equatable {
    /// One turn: its mean radius, the section halves it was seen in, its ends measured.
    public struct Turn: Sendable, Codable, Equatable {
        public var radiusMM: Double
        public var seen: Int
        public var measured: Int
    }

    /// The turns from the axis out.
    public var turns: [Turn]
    /// Section halves the sections offer (2 per section that showed layers).
    public var halves: Int

    /// A turn is resolved by the sections when seen in at least half of their halves.
    public func isResolved(_ turn: Turn) -> Bool { 2 * turn.seen >= halves }

    /// Resolved turns with no measured end.
    public var unmeasuredTurns: [Turn] { turns.filter { isResolved($0) && $0.measured == 0 } }

    public var coversTheRoll: Bool { !turns.contains(where: isResolved) ? false : unmeasuredTurns.isEmpty }

    public var seen: Int { turns.map(\.seen).reduce(0, +) }
    public var measured: Int { turns.map(\.measured).reduce(0, +) }

    public init(turns: [Turn], halves: Int) {
        self.turns = turns
        self.halves = halves
    }

    /// A layer in a section: signed distance from the axis along the section (mm) and
    /// the section's angle (degrees).
    public struct Position: Sendable, Equatable {
        public var radialMM: Double
        public var angleDegrees: Double
        public init(radialMM: Double, angleDegrees: Double) {
            self.radialMM = radialMM
            self.angleDegrees = angleDegrees
        }

        var radius: Double { abs(radialMM) }
        /// The layer's direction: the section's angle on its positive half, 180° more on the other.
        var direction: Double { radialMM >= 0 ? angleDegrees : angleDegrees + 180 }
    }

    /// Turns of the anode layers at `seen` (every section, both halves) whose ends at
    /// `measured` were measured, over `sections` sections, on a spiral of `pitchMM`.
    public init(seen: [Position], measured: [Position], sections: Int, pitchMM: Double) {
        precondition(pitchMM > 0, "EndCoverage: pitch must be positive")
        halves = 2 * sections
        guard !seen.isEmpty else { turns = []; return }
        func unwrapped(_ p: Position, _ sense: Double) -> Double { p.radius - sense * pitchMM * p.direction / 360 }
        func phase(_ rho: Double) -> Double { 2 * Double.pi * rho / pitchMM }
        // The winding sense: ρ modulo the pitch most concentrated.
        func resultant(_ sense: Double) -> (length: Double, angle: Double) {
            let c = seen.map { cos(phase(unwrapped($0, sense))) }.reduce(0, +)
            let s = seen.map { sin(phase(unwrapped($0, sense))) }.reduce(0, +)
            return ((c * c + s * s).squareRoot() / Double(seen.count), atan2(s, c))
        }
        let (plus, minus) = (resultant(1), resultant(-1))
        let sense: Double = plus.length >= minus.length ? 1 : -1
        let origin = (sense == 1 ? plus.angle : minus.angle) / (2 * Double.pi) * pitchMM
        func turn(_ p: Position) -> Int { Int(((unwrapped(p, sense) - origin) / pitchMM).rounded()) }
        var counts: [Int: (seen: Int, measured: Int, radius: Double)] = [:]
        for p in seen {
            let k = turn(p)
            counts[k, default: (0, 0, 0)].seen += 1
            counts[k]!.radius += p.radius
        }
        for p in measured { counts[turn(p), default: (0, 0, 0)].measured += 1 }
        turns = counts.keys.sorted().map { k in
            let c = counts[k]!
            return Turn(radiusMM: c.seen > 0 ? c.radius / Double(c.seen) : 0, seen: c.seen, measured: c.measured)
        }
    }
}
