import Foundation
import Testing
@testable import Validation

@Suite("Incomplete beta, Student t, Clopper–Pearson")
struct StatisticalDistributionTests {
    @Test("I_0.5(2,3) = 0.6875 = P(Bin(4, ½) ≥ 2) = 11/16")
    func incompleteBetaTextbook() throws {
        let value = try #require(IncompleteBeta.regularized(x: 0.5, a: 2, b: 3))
        #expect(abs(value - 0.6875) < 1e-12)
    }

    @Test("I_x(1,1) = x and I_x(a,1) = x^a (closed forms)")
    func incompleteBetaClosedForms() throws {
        for x in [0.01, 0.3, 0.77, 0.999] {
            #expect(abs(try #require(IncompleteBeta.regularized(x: x, a: 1, b: 1)) - x) < 1e-12)
            #expect(abs(try #require(IncompleteBeta.regularized(x: x, a: 3.5, b: 1)) - pow(x, 3.5)) < 1e-12)
        }
    }

    @Test("I_p(k, n−k+1) = P(Bin(n, p) ≥ k): I_0.2(3, 8) = 0.3222004, I_0.9(40, 11) vs direct sum")
    func incompleteBetaBinomialIdentity() throws {
        let small = try #require(IncompleteBeta.regularized(x: 0.2, a: 3, b: 8))
        #expect(abs(small - 0.322_200_4) < 1e-7)
        #expect(abs(small - (1 - ReferenceBinomial.cdf(2, n: 10, p: 0.2))) < 1e-12)
        let large = try #require(IncompleteBeta.regularized(x: 0.9, a: 40, b: 11))
        #expect(abs(large - (1 - ReferenceBinomial.cdf(39, n: 50, p: 0.9))) < 1e-11)
    }

    @Test("Symmetry I_x(a,b) = 1 − I_{1−x}(b,a); I_0.5(50,50) = 0.5; inverse round-trips")
    func incompleteBetaSymmetryAndInverse() throws {
        let v = try #require(IncompleteBeta.regularized(x: 0.35, a: 2.5, b: 7))
        let w = try #require(IncompleteBeta.regularized(x: 0.65, a: 7, b: 2.5))
        #expect(abs(v + w - 1) < 1e-13)
        #expect(abs(try #require(IncompleteBeta.regularized(x: 0.5, a: 50, b: 50)) - 0.5) < 1e-12)
        let x = try #require(IncompleteBeta.inverse(p: 0.6875, a: 2, b: 3))
        #expect(abs(x - 0.5) < 1e-12)
    }

    @Test("t(0.975, ν): 12.706 (ν=1), 2.228 (ν=10), 2.042 (ν=30); 4.303 (ν=2), 1.960 limit")
    func studentTQuantiles() throws {
        func t(_ nu: Double) throws -> Double { try #require(StudentTDistribution.quantile(0.975, degreesOfFreedom: nu)) }
        #expect(abs(try t(1) - 12.706_204_7) < 1e-6) // exact: tan(0.475 π)
        #expect(abs(try t(1) - tan(0.475 * Double.pi)) < 1e-9)
        #expect(abs(try t(2) - 4.302_652_7) < 1e-6) // exact: √(2/(4p(1−p)) − 2), p = 0.975
        #expect(abs(try t(10) - 2.228_138_9) < 1e-6)
        #expect(abs(try t(30) - 2.042_272_5) < 1e-6)
        #expect(abs(try t(1e7) - 1.959_964_0) < 1e-5)
        #expect(abs(try #require(StudentTDistribution.quantile(0.025, degreesOfFreedom: 10)) + 2.228_138_9) < 1e-6)
    }

    @Test("t CDF, ν = 1 (Cauchy): F(t) = ½ + atan(t)/π")
    func studentTCauchyCDF() throws {
        for t in [-30.0, -1, 0, 0.5, 4] {
            let f = try #require(StudentTDistribution.cdf(t, degreesOfFreedom: 1))
            #expect(abs(f - (0.5 + atan(t) / Double.pi)) < 1e-12)
        }
    }

    @Test("Clopper–Pearson 0 of 200: one-sided 95 % = 1 − 0.05^(1/200) = 0.014867; at 97.5 % = 0.018275")
    func clopperPearsonZero() throws {
        let u95 = try #require(ClopperPearson.upperBound(successes: 0, trials: 200))
        #expect(abs(u95 - (1 - pow(0.05, 1.0 / 200))) < 1e-15)
        #expect(abs(u95 - 0.014_867) < 1e-6)
        let u975 = try #require(ClopperPearson.upperBound(successes: 0, trials: 200, confidence: 0.975))
        #expect(abs(u975 - 0.018_275) < 1e-6)
    }

    @Test("Clopper–Pearson 1 of 10: two-sided 95 % = [0.00253, 0.44502]; one-sided 95 % upper = 0.39416")
    func clopperPearsonTextbook() throws {
        let upper975 = try #require(ClopperPearson.upperBound(successes: 1, trials: 10, confidence: 0.975))
        #expect(abs(upper975 - 0.445_02) < 1e-5)
        let lower975 = try #require(ClopperPearson.lowerBound(successes: 1, trials: 10, confidence: 0.975))
        #expect(abs(lower975 - 0.002_53) < 1e-5)
        let upper95 = try #require(ClopperPearson.upperBound(successes: 1, trials: 10))
        #expect(abs(upper95 - 0.394_16) < 1e-5)
        // Defining property: P(X ≤ k | n, p_U) = 1 − c.
        #expect(abs(ReferenceBinomial.cdf(1, n: 10, p: upper95) - 0.05) < 1e-10)
        let bound = try #require(ClopperPearson.upperBound(successes: 7, trials: 250))
        #expect(abs(ReferenceBinomial.cdf(7, n: 250, p: bound) - 0.05) < 1e-10)
    }

    @Test("Clopper–Pearson edge cases: k = n → 1, n = 0 → nil, k > n → nil")
    func clopperPearsonEdges() {
        #expect(ClopperPearson.upperBound(successes: 5, trials: 5) == 1)
        #expect(ClopperPearson.upperBound(successes: 0, trials: 0) == nil)
        #expect(ClopperPearson.upperBound(successes: 6, trials: 5) == nil)
    }
}
