import Testing
@testable import Validation

@Suite("Bias vs ground truth")
struct BiasSummaryTests {
    /// Errors 0.1, 0.3, 0.2, 0.4, 0.0: mean 0.2, s_d = √(0.1/4) = 0.158114,
    /// half-width = t(0.975, 4) · s_d/√5 = 2.776445 · 0.0707107 = 0.196324.
    @Test("Errors (0.1, 0.3, 0.2, 0.4, 0) → mean 0.2, SD 0.158114, 95 % half-width 0.196324")
    func handWorked() throws {
        let pairs = [0.1, 0.3, 0.2, 0.4, 0.0].map { MeasurementTruthPair(measured: 5 + $0, truth: 5) }
        let b = try #require(BiasSummary(pairs))
        #expect(b.n == 5)
        #expect(abs(b.meanBias - 0.2) < 1e-12)
        #expect(abs(try #require(b.sdBias) - 0.158_114) < 1e-6)
        #expect(abs(try #require(b.halfWidth95) - 0.196_324) < 1e-6)
    }

    @Test("n = 1 → mean only; no pairs → nil")
    func small() throws {
        let one = try #require(BiasSummary([MeasurementTruthPair(measured: 1.5, truth: 1)]))
        #expect(one.meanBias == 0.5 && one.sdBias == nil && one.halfWidth95 == nil)
        #expect(BiasSummary([]) == nil)
    }

    /// Key "10um": errors 1, 3 → mean 2, SD √2, half-width t(0.975,1)·√2/√2 = 12.7062.
    /// Key "20um": error −1 → mean −1, n = 1.
    @Test("Grouped by key: '10um' mean 2, half-width 12.7062; '20um' mean −1")
    func grouped() throws {
        let samples: [(key: String, pair: MeasurementTruthPair)] = [
            ("10um", MeasurementTruthPair(measured: 11, truth: 10)),
            ("20um", MeasurementTruthPair(measured: 9, truth: 10)),
            ("10um", MeasurementTruthPair(measured: 13, truth: 10)),
        ]
        let g = BiasSummary.grouped(samples)
        #expect(g.count == 2)
        let a = try #require(g["10um"]), b = try #require(g["20um"])
        #expect(a.n == 2 && a.meanBias == 2)
        #expect(abs(try #require(a.halfWidth95) - 12.706_205) < 1e-5)
        #expect(b.n == 1 && b.meanBias == -1)
    }
}
