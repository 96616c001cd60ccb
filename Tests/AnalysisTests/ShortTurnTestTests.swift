import Foundation
import Testing
@testable import Analysis

/// ``ShortTurnTest`` against hand-worked binomial tails, and on a synthetic spiral with
/// a short turn among scattered misreads.
@Suite("Overhang short-turn test")
struct ShortTurnTestTests {
    @Test("Binomial upper tail against hand-worked values")
    func upperTail() {
        // P(X ≥ 1 | n = 10, p = 0.1) = 1 − 0.9¹⁰ = 0.6513215599.
        #expect(abs(ShortTurnTest.upperTail(1, of: 10, rate: 0.1) - (1 - pow(0.9, 10))) <= 1e-12)
        // P(X ≥ 4 | n = 13, p = 0.0265) = Σ C(13,i)·pⁱ·q¹³⁻ⁱ, i = 4…13 (summed by hand here).
        let p = 0.0265
        var expected = 0.0
        for i in 4...13 {
            var choose = 1.0
            for j in 0..<i { choose *= Double(13 - j) / Double(j + 1) }
            expected += choose * pow(p, Double(i)) * pow(1 - p, Double(13 - i))
        }
        #expect(abs(ShortTurnTest.upperTail(4, of: 13, rate: p) / expected - 1) <= 1e-9)
        #expect(abs(expected - 2.9097e-4) <= 0.0001e-4)
        // All of 72 ends negative at a 2 % misread rate: ≈ 0.02⁷² (no underflow to NaN).
        let all = ShortTurnTest.upperTail(72, of: 72, rate: 0.02)
        #expect(all >= 0 && all < 1e-100)
        #expect(ShortTurnTest.upperTail(0, of: 5, rate: 0.3) == 1)
        #expect(ShortTurnTest.upperTail(6, of: 5, rate: 0.3) == 0)
    }

    /// The ends of a spiral of `turns` turns (pitch 0.3 mm) as 36 sections see them, placed
    /// along the strip, with every end of turn `short` reading −0.1 mm and one end in
    /// `misreadEvery` elsewhere −0.05 mm.
    static func ends(turns: Int, short: Int?, misreadEvery: Int) -> [(end: RollEnd, strip: Double, overhangMM: Double)] {
        let layers = EndCoverageTests.spiral(turns: turns)
        let spiral = SpiralTurns(layers.map(\.position), pitchMM: 0.3)!
        return layers.enumerated().map { i, layer in
            let overhang = layer.turn == short ? -0.1 : (i % misreadEvery == 0 ? -0.05 : 0.3)
            return (RollEnd.top, spiral.strip(of: layer.position), overhang)
        }
    }

    @Test("A short turn is kept, misreads scattered over the other turns are left out")
    func shortTurn() {
        let ends = Self.ends(turns: 8, short: 5, misreadEvery: 37)
        let kept = ShortTurnTest(significance: 0.01).kept(ends)
        let short = ends.indices.filter { ends[$0].overhangMM == -0.1 }
        let misread = ends.indices.filter { ends[$0].overhangMM == -0.05 }
        #expect(short.count == 72 && misread.count > 8)
        #expect(short.allSatisfy { kept[$0] })
        // Misreads within a turn of the short one share its windows and stay; the others go.
        let stretch = short.map { ends[$0].strip }
        let far = misread.filter { ends[$0].strip < stretch.min()! - 1 || ends[$0].strip > stretch.max()! + 1 }
        #expect(!far.isEmpty && far.allSatisfy { !kept[$0] })
        // Every positive end stays.
        #expect(ends.indices.filter { ends[$0].overhangMM >= 0 }.allSatisfy { kept[$0] })
    }

    @Test("Without a short turn, scattered misreads are all left out")
    func misreadsOnly() {
        let ends = Self.ends(turns: 8, short: nil, misreadEvery: 23)
        let kept = ShortTurnTest(significance: 0.01).kept(ends)
        #expect(ends.count == 576)
        #expect(zip(ends, kept).filter { $0.0.overhangMM < 0 }.allSatisfy { !$0.1 })
        #expect(zip(ends, kept).filter { $0.0.overhangMM >= 0 }.allSatisfy { $0.1 })
    }

    @Test("A stretch measured a few times with many of its ends negative is short; each roll end is tested on its own")
    func sparseStretch() {
        // 13 ends on turn 3 of the strip, 5 of them negative; 700 ends on turns 5–12, 16
        // of them negative: P(X ≥ 5 | 13, 17/702) = 9.1e-6, far below 0.01 / 38 windows.
        var ends: [(end: RollEnd, strip: Double, overhangMM: Double)] = []
        for i in 0..<13 {
            let short = i % 2 == 0 && i < 10
            ends.append((.top, 3 + Double(i) / 14, short ? -0.1 : 0.25))
        }
        for i in 0..<700 {
            let misread = i % 44 == 0
            ends.append((.top, 5 + 7 * Double(i) / 700, misread ? -0.05 : 0.25))
        }
        #expect(ends.filter { $0.overhangMM == -0.05 }.count == 16)
        let kept = ShortTurnTest(significance: 0.01).kept(ends)
        #expect(kept.prefix(13).allSatisfy { $0 })
        #expect(zip(ends, kept).suffix(700).filter { $0.0.overhangMM < 0 }.allSatisfy { !$0.1 })
        // The same stretch at the bottom end, with no other bottom ends: 5 of 13 against
        // p₀ = 1/2 is not short (P = 0.87), so its negatives are unconfirmed.
        let apart = ends.enumerated().map { i, e in (i < 13 ? RollEnd.bottom : e.end, e.strip, e.overhangMM) }
        #expect(ShortTurnTest(significance: 0.01).kept(apart).prefix(13).filter { !$0 }.count == 5)
    }
}
