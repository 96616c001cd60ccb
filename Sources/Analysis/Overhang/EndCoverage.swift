import Foundation

/// Whether the measured anode ends reach every turn of the roll: whether "no negative
/// overhang" says something about each turn.
///
/// A short anode is a turn whose end lies below its cathode's. It is found only if some
/// end of that turn was measured, in some section. So the anode layers seen in the
/// sections (and the ends measured) are assigned to turns of the spiral (``SpiralTurns``).
/// A turn the sections resolve, seen in at least half of the `2·sections`
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
        self.init(seen: seen, measured: measured, sections: sections, spiral: SpiralTurns(seen, pitchMM: pitchMM))
    }

    /// As above, with the turns counted by `spiral` (nil when nothing was seen).
    init(seen: [Position], measured: [Position], sections: Int, spiral: SpiralTurns?) {
        halves = 2 * sections
        guard let spiral, !seen.isEmpty else { turns = []; return }
        var counts: [Int: (seen: Int, measured: Int, radius: Double)] = [:]
        for p in seen {
            let k = spiral.turn(of: p)
            counts[k, default: (0, 0, 0)].seen += 1
            counts[k]!.radius += p.radius
        }
        for p in measured { counts[spiral.turn(of: p), default: (0, 0, 0)].measured += 1 }
        turns = counts.keys.sorted().map { k in
            let c = counts[k]!
            return Turn(radiusMM: c.seen > 0 ? c.radius / Double(c.seen) : 0, seen: c.seen, measured: c.measured)
        }
    }
}

/// The turn of the roll's spiral a layer in a section lies on.
///
/// On an Archimedean spiral the radius grows by one pitch per turn: a layer at distance
/// `r` from the axis in direction `φ` (``EndCoverage/Position``) has the phase
/// `ψ = 2π·r/pitch` that turns once per turn of the spiral, `ψ(φ) = ψ₀ ± 2π·φ/360° + …`,
/// the same on every turn, and the turn is `(2π·r/pitch − ψ(φ))/2π`, rounded. The roll is
/// rarely centred on the axis the sections turn about (the can's): a roll off by `d`
/// adds `2π·d·cos(φ − φ_d)/pitch` to the phase, which at a quarter pitch would put a
/// quarter of each turn on the next. So the phase is measured, not assumed: per
/// direction, the circular mean of the layers' phases; unwrapped from direction to
/// direction (5° apart, the phase moves by far less than π for any offset under five
/// pitches); and fitted by least squares with `ψ(φ) = ψ₀ + c·φ + a·cos φ + b·sin φ`
/// (`c` ≈ ±2π/360°, its sign the winding sense; `a`, `b` the offset). With fewer than 8
/// directions the offset terms are left out.
struct SpiralTurns: Sendable, Equatable {
    var pitchMM: Double
    /// ψ₀, c (per degree), a, b of the fitted phase; a = b = 0 without the offset terms.
    var coefficients: [Double]

    /// The turns on which the layers at `positions` lie; nil when there are none.
    init?(_ positions: [EndCoverage.Position], pitchMM: Double) {
        precondition(pitchMM > 0, "SpiralTurns: pitch must be positive")
        var sums: [Double: (cos: Double, sin: Double)] = [:]
        for p in positions {
            let psi = 2 * Double.pi * p.radius / pitchMM
            sums[p.direction, default: (0, 0)].cos += cos(psi)
            sums[p.direction]!.sin += sin(psi)
        }
        guard !sums.isEmpty else { return nil }
        let directions = sums.keys.sorted()
        var unwrapped: [Double] = []
        for d in directions {
            var psi = atan2(sums[d]!.sin, sums[d]!.cos)
            if let last = unwrapped.last { psi += 2 * Double.pi * ((last - psi) / (2 * Double.pi)).rounded() }
            unwrapped.append(psi)
        }
        self.pitchMM = pitchMM
        let offset = directions.count >= 8
        let rows = directions.map { Self.basis($0, offset: offset) }
        if directions.count >= 2, let c = SpiralExcursion.leastSquares(rows, unwrapped) {
            coefficients = offset ? c : c + [0, 0]
        } else {
            // One direction: its phase, no climb to measure.
            coefficients = [unwrapped[0], 0, 0, 0]
        }
    }

    /// The turn (counted from the one through ψ₀) of the layer at `p`.
    func turn(of p: EndCoverage.Position) -> Int {
        let psi = zip(Self.basis(p.direction, offset: true), coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        return Int(((2 * Double.pi * p.radius / pitchMM - psi) / (2 * Double.pi)).rounded())
    }

    /// Where the layer at `p` lies along the strip, in turns from the one through ψ₀:
    /// continuous along the spiral (its turn plus the part of a turn `φ` has gone, in the
    /// winding sense), so a stretch of strip is an interval whatever angle it starts at.
    func strip(of p: EndCoverage.Position) -> Double {
        let offset = coefficients[2] * cos(p.direction * Double.pi / 180) + coefficients[3] * sin(p.direction * Double.pi / 180)
        return (2 * Double.pi * p.radius / pitchMM - coefficients[0] - offset) / (2 * Double.pi)
    }

    static func basis(_ degrees: Double, offset: Bool) -> [Double] {
        let radians = degrees * Double.pi / 180
        return offset ? [1, degrees, cos(radians), sin(radians)] : [1, degrees]
    }
}
