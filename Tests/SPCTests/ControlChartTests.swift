import SPC
import Testing

/// Issue 21: the SPC arithmetic against values worked by hand.
@Suite("I-MR chart and capability")
struct ControlChartTests {
    /// x = 10, 12, 11, 13, 12: x̄ = 58 / 5 = 11.6; moving ranges 2, 1, 2, 1: MR̄ = 1.5;
    /// σ̂ = 1.5 / 1.128 = 1.329787; UCL = 11.6 + 3.989362 = 15.589362, LCL = 7.610638;
    /// MR UCL = 3.267 × 1.5 = 4.9005.
    static let series = [10.0, 12, 11, 13, 12]

    @Test("control limits of the individuals and moving-range charts")
    func limits() throws {
        let chart = try #require(IndividualsChart(baseline: Self.series))
        #expect(chart.baselineCount == 5)
        #expect(abs(chart.centre - 11.6) < 1e-12)
        #expect(abs(chart.meanMovingRange - 1.5) < 1e-12)
        #expect(abs(chart.sigma - 1.329787) < 1e-6)
        #expect(abs(chart.upperControlLimit - 15.589362) < 1e-6)
        #expect(abs(chart.lowerControlLimit - 7.610638) < 1e-6)
        #expect(abs(chart.movingRangeUpperLimit - 4.9005) < 1e-9)
        #expect(IndividualsChart.movingRanges(Self.series) == [2, 1, 2, 1])
        #expect(IndividualsChart(baseline: [1]) == nil)
    }

    /// Limits 8 and 16, μ = 11.6, σ within = 1.329787 (above):
    /// Cp = 8 / (6 × 1.329787) = 1.002667; Cpk = min(4.4, 3.6) / (3 × 1.329787) = 3.6 / 3.989362 = 0.902400.
    /// Overall: squared deviations 2.56 + 0.16 + 0.36 + 1.96 + 0.16 = 5.2, s = √(5.2 / 4) = 1.140175;
    /// Pp = 8 / 6.841053 = 1.169411; Ppk = 3.6 / 3.420526 = 1.052470.
    @Test("Cp, Cpk, Pp, Ppk with both limits")
    func capabilityTwoSided() throws {
        let c = try #require(Capability(values: Self.series, lower: 8, upper: 16))
        #expect(c.count == 5)
        #expect(abs(c.sigmaOverall - 1.140175) < 1e-6)
        #expect(abs(try #require(c.cp) - 1.002667) < 1e-6)
        #expect(abs(try #require(c.cpk) - 0.902400) < 1e-6)
        #expect(abs(try #require(c.pp) - 1.169411) < 1e-6)
        #expect(abs(try #require(c.ppk) - 1.052470) < 1e-6)
    }

    /// Upper 16 only: Cpk = 4.4 / 3.989362 = 1.102933, Ppk = 4.4 / 3.420526 = 1.286352; no Cp, no Pp.
    /// Lower 8 only: Cpk = 0.902400, Ppk = 1.052470.
    @Test("one-sided limits: Cpk and Ppk from the side that exists, Cp and Pp nil")
    func capabilityOneSided() throws {
        let upper = try #require(Capability(values: Self.series, lower: nil, upper: 16))
        #expect(upper.cp == nil && upper.pp == nil)
        #expect(abs(try #require(upper.cpk) - 1.102933) < 1e-6)
        #expect(abs(try #require(upper.ppk) - 1.286352) < 1e-6)
        let lower = try #require(Capability(values: Self.series, lower: 8, upper: nil))
        #expect(lower.cp == nil && lower.pp == nil)
        #expect(abs(try #require(lower.cpk) - 0.902400) < 1e-6)
        #expect(abs(try #require(lower.ppk) - 1.052470) < 1e-6)
        #expect(Capability(values: Self.series, lower: nil, upper: nil) == nil)
        #expect(Capability(values: [1], lower: 0, upper: 2) == nil)
        // No spread: no index rather than infinity.
        #expect(Capability(values: [5, 5, 5], lower: 0, upper: 10)?.cpk == nil)
    }
}
