import Foundation

/// Whether the negative ends measured on a turn of the roll are a short anode or
/// misread ends.
///
/// A short anode is a property of the electrode strip over a stretch of its length, so
/// it reads negative on the same stretch in section after section. A misread end (a dim
/// cathode read on along its bright anode's blurred edge at a coarse voxel, a track that
/// slipped) is a property of one section: misreads fall anywhere, at the rate the cell
/// shows elsewhere. So the ends are placed along the strip (``SpiralTurns/strip(of:)``,
/// in turns), and the negative ends in each one-turn window of it, at each roll end, are
/// tested against that rate: with `k` of the window's `n` ends negative and `K` of the
/// other `N` ends, the window reads short when `P(X ≥ k | X ~ Binomial(n, p₀)) < α / W`,
/// with `p₀ = (K + 1)/(N + 2)` (the rate outside, never 0 or 1) and `W` the number of
/// windows with ends (Bonferroni: `α` is the chance that a cell with no short stretch has
/// any window read short). The windows start every quarter turn, so a stretch of one turn
/// starting at any angle lies at least three quarters in one of them. Negative ends in no
/// window that reads short are left out as unconfirmed; the positive ends all stay.
///
/// What it costs: a short stretch must show on several sections to be found. A whole turn
/// short (a strip cut or wound off-line) reads negative on every section that measures it;
/// a short stretch under a few sections, among ends that read positive, is not told from
/// misreads. The rule assumes that most of the roll overhangs, as the identification of
/// the anode by which family reaches further (``AnodeIdentification``) does already.
struct ShortTurnTest: Sendable {
    /// `α`: the chance, per cell, that misreads alone make a stretch read short.
    var significance: Double

    /// Window starts per turn of strip.
    static let windowsPerTurn = 4

    /// For each of `ends` (its roll end, place along the strip in turns, and signed
    /// overhang), whether it is kept: every non-negative end, and the negative ends in a
    /// window that reads short.
    func kept(_ ends: [(end: RollEnd, strip: Double, overhangMM: Double)]) -> [Bool] {
        var keep = ends.map { $0.overhangMM >= 0 }
        for rollEnd in [RollEnd.top, .bottom] {
            let here = ends.indices.filter { ends[$0].end == rollEnd }
            guard !here.isEmpty else { continue }
            let negative = here.filter { ends[$0].overhangMM < 0 }
            // Window w covers [w/4, w/4 + 1) turns: an end at u lies in windows ⌊4u⌋ − 3 … ⌊4u⌋.
            var tally: [Int: (n: Int, k: Int)] = [:]
            func windows(_ i: Int) -> ClosedRange<Int> {
                let last = Int((ends[i].strip * Double(Self.windowsPerTurn)).rounded(.down))
                return (last - Self.windowsPerTurn + 1)...last
            }
            for i in here { for w in windows(i) { tally[w, default: (0, 0)].n += 1 } }
            for i in negative { for w in windows(i) { tally[w]!.k += 1 } }
            let level = significance / Double(tally.count)
            let short = Set(tally.compactMap { w, t -> Int? in
                guard t.k > 0 else { return nil }
                let rate = Double(negative.count - t.k + 1) / Double(here.count - t.n + 2)
                return Self.upperTail(t.k, of: t.n, rate: rate) < level ? w : nil
            })
            for i in negative where windows(i).contains(where: short.contains) { keep[i] = true }
        }
        return keep
    }

    /// `P(X ≥ k)` for `X ~ Binomial(n, p)`, each term in logarithms (no overflow for large `n`).
    static func upperTail(_ k: Int, of n: Int, rate p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n, p > 0 else { return 0 }
        guard p < 1 else { return 1 }
        let lp = log(p), lq = log1p(-p)
        // log C(n, i), from log C(n, k) up by log((n − i)/(i + 1)) per step.
        var logChoose = (0..<k).map { log(Double(n - $0)) - log(Double($0 + 1)) }.reduce(0, +)
        var sum = 0.0
        for i in k...n {
            sum += exp(logChoose + Double(i) * lp + Double(n - i) * lq)
            logChoose += log(Double(n - i)) - log(Double(i + 1))
        }
        return min(1, sum)
    }
}
