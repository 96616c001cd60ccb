/// Whether a layer called an anode in one angular section is an anode in the
/// sections beside it, at the same roll end.
///
/// A layer keeps its radial position from one section to the next (a turn of the
/// spiral moves by `pitch · step / 360°` between sections 5° apart), and the two
/// families alternate half a pitch apart, so an anode of one section has an anode of
/// the next within a quarter pitch of it, and a cathode of the next half a pitch
/// away. A section whose layer profile put the families the wrong way round over a
/// few layers (two layers of nearly equal level, a missed peak) reads those cathodes
/// as anodes ending short of their "cathodes" by a whole overhang: such an end is
/// not a defect but a broken identification, and is left out as ambiguous
/// (``OverhangAnalysis``). A real short anode is an anode in the sections beside it
/// too, whatever its overhang there.
struct AnodeContinuity {
    /// Radial positions (pixels from the axis, signed as the section's columns) of
    /// the anode layers of each section, in angle order; nil where a section
    /// showed no layers.
    var anodePositions: [[Double]?]
    /// Median anode-to-anode spacing of each section (pixels); nil as above.
    var pitches: [Double?]
    /// Whether the sections go once round the half turn (0°, step, …, 180° − step):
    /// the first and the last are then neighbours, with the radial position mirrored
    /// (the section at θ + 180° is the one at θ read the other way).
    var wrapsAround: Bool

    /// Whether the layer at radial position `u` of section `i` is confirmed as an
    /// anode: every neighbouring section that shows layers has an anode within a
    /// quarter pitch of `u`, and at least one does.
    func confirms(_ u: Double, inSection i: Int) -> Bool {
        let n = anodePositions.count
        var neighbours: [(index: Int, position: Double)] = []
        for j in [i - 1, i + 1] {
            if j >= 0 && j < n {
                neighbours.append((j, u))
            } else if wrapsAround && n > 2 {
                neighbours.append(((j + n) % n, -u))
            }
        }
        var seen = 0
        for (j, position) in neighbours {
            guard let anodes = anodePositions[j], let pitch = pitches[j] else { continue }
            seen += 1
            guard anodes.contains(where: { abs($0 - position) <= pitch / 4 }) else { return false }
        }
        return seen > 0
    }
}
