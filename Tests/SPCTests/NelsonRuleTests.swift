import SPC
import Testing

/// Issue 21: each Nelson rule on a hand-built series, against a chart with
/// centre 0 and σ̂ = 1 (MR̄ = 1.128), so a value is its own distance in σ.
@Suite("Nelson rules")
struct NelsonRuleTests {
    static let unit = IndividualsChart(centre: 0, meanMovingRange: 1.128, baselineCount: 30)

    static func fired(_ values: [Double]) -> [NelsonRule: [Int]] {
        NelsonRule.violations(in: values, chart: unit)
    }

    @Test("rule 1: beyond 3σ on either side; a point on the limit is inside")
    func rule1() {
        let values = [0, 0.5, 3.5, -1, -3.2, 3.0]
        #expect(abs(Self.unit.sigma - 1) < 1e-12)
        #expect(NelsonRule.beyondThreeSigma.firings(in: values, chart: Self.unit) == [2, 4])
        #expect(Self.fired(values).keys.sorted() == [.beyondThreeSigma])
    }

    @Test("rule 2: fires on the 9th point on one side and while the run lasts; a point on the centre ends it")
    func rule2() {
        // Index 0 below; 1…10 above (ten in a row: fires at 9 and 10); 11 on the
        // centre; 12…19 below (eight: not enough).
        let values = [-0.5] + Array(repeating: 0.5, count: 10) + [0] + Array(repeating: -0.5, count: 8)
        #expect(NelsonRule.nineOnOneSide.firings(in: values, chart: Self.unit) == [9, 10])
        #expect(Self.fired(values).keys.sorted() == [.nineOnOneSide])
    }

    @Test("rule 3: fires on the 6th point of a steady rise or fall; a tie ends the trend")
    func rule3() {
        // 0…6 rising (the 6th point is index 5; index 6 continues); 6…11 falling
        // (six points: fires at 11); 12 ties 11; 13 falls once. Centred on 0, so
        // no run on one side is long enough for rule 2.
        let values = [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.2, 0.1, 0, -0.1, -0.2, -0.2, -0.3]
        #expect(NelsonRule.sixTrending.firings(in: values, chart: Self.unit) == [5, 6, 11])
        #expect(Self.fired(values).keys.sorted() == [.sixTrending])
        // Five points rising is not a trend.
        #expect(NelsonRule.sixTrending.firings(in: [0, 0.1, 0.2, 0.3, 0.4], chart: Self.unit).isEmpty)
    }

    @Test("rule 5: the second of 2 in 3 beyond 2σ on the same side; opposite sides do not count together")
    func rule5() {
        // 2: 2.5 and 2.1 within three; 5 alone in its window; 6 below, alone;
        // 7: 2.2 and 2.3 (with -2.5 between); 9 alone below; 10: -2.1 and -2.6;
        // 12: 2.1 with -2.6 two before (other side); 13: 2.1 and 2.05.
        let values = [2.5, 0, 2.1, 0, 0, 2.2, -2.5, 2.3, 0, -2.1, -2.6, 1, 2.1, 2.05]
        #expect(NelsonRule.twoOfThreeBeyondTwoSigma.firings(in: values, chart: Self.unit) == [2, 7, 10, 13])
        #expect(Self.fired(values).keys.sorted() == [.twoOfThreeBeyondTwoSigma])
    }

    @Test("an in-control series fires nothing")
    func quiet() {
        #expect(Self.fired([0.5, -0.3, 0.2, -0.8, 1.1, -0.4, 0.1, -1.9, 0.7, -0.2]).isEmpty)
    }

    /// A can diameter at 18.00 mm with noise of about 0.02 mm, then drifting up
    /// 0.004 mm a cell towards the upper limit 18.20 mm: the limits from the
    /// first 30 cells raise rule 2 or 3 well before the first cell out of spec.
    @Test("a drift raises rule 2 or 3 before the first point beyond the spec limit")
    func driftAlarmsBeforeFail() throws {
        var seed: UInt64 = 21
        func noise() -> Double { // LCG, uniform in ±0.035: σ ≈ 0.02
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (Double(seed >> 11) / Double(1 << 53) - 0.5) * 0.07
        }
        let baseline = (0..<30).map { _ in 18.0 + noise() }
        let drift = (0..<80).map { 18.0 + noise() + 0.004 * Double($0 + 1) }
        let series = baseline + drift
        let chart = try #require(IndividualsChart(baseline: baseline))
        let violations = NelsonRule.violations(in: series, chart: chart)
        #expect(violations.values.joined().allSatisfy { $0 >= 30 }, "the baseline itself is in control")
        let firstFail = try #require(series.firstIndex { $0 > 18.2 })
        let driftAlarms = [NelsonRule.nineOnOneSide, .sixTrending].compactMap { violations[$0]?.first }
        let firstAlarm = try #require(driftAlarms.min())
        #expect(firstAlarm < firstFail)
        #expect(firstFail - firstAlarm >= 10, "alarm \(firstAlarm), first fail \(firstFail)")
    }
}
