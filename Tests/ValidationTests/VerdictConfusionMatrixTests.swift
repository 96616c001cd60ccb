import Foundation
import Testing
@testable import Validation

@Suite("Verdict confusion matrix and false-call rates")
struct VerdictConfusionMatrixTests {
    /// Expected PASS (200): 195 PASS, 4 INVALID, 1 ERROR.
    /// Expected FAIL (50): 48 FAIL, 1 PASS, 1 INVALID.
    /// Expected INVALID (10): 10 INVALID. Ambiguous (5): 3 PASS, 2 FAIL.
    private func lot() -> VerdictConfusionMatrix {
        var m = VerdictConfusionMatrix()
        func add(_ e: ExpectedVerdict, _ o: ObservedVerdict, _ n: Int) { for _ in 0..<n { m.record(expected: e, observed: o) } }
        add(.pass, .pass, 195); add(.pass, .invalid, 4); add(.pass, .error, 1)
        add(.fail, .fail, 48); add(.fail, .pass, 1); add(.fail, .invalid, 1)
        add(.invalid, .invalid, 10)
        add(.ambiguous, .pass, 3); add(.ambiguous, .fail, 2)
        return m
    }

    @Test("Counts: totals 200/50/10/5 = 265, every cell present")
    func counts() {
        let m = lot()
        #expect(m.total == 265)
        #expect(m.total(expected: .pass) == 200 && m.total(expected: .fail) == 50)
        #expect(m.total(expected: .ambiguous) == 5)
        #expect(m.counts.count == 4 && m.counts.values.allSatisfy { $0.count == 4 })
        #expect(m.count(expected: .pass, observed: .fail) == 0)
    }

    @Test("Rates: false reject 0/200 (≤ 0.014867), false invalid 5/250, error 1/260, escape 1/50 (≤ 0.091398); ambiguous excluded")
    func rates() throws {
        let r = lot().rates
        #expect(r.falseRejectRate.count == 0 && r.falseRejectRate.total == 200)
        #expect(r.falseRejectRate.rate == 0)
        #expect(abs(try #require(r.falseRejectRate.upper95) - 0.014_867) < 1e-6)
        #expect(r.falseInvalidRate.count == 5 && r.falseInvalidRate.total == 250)
        #expect(r.errorRate.count == 1 && r.errorRate.total == 260)
        #expect(r.escapeRate.count == 1 && r.escapeRate.total == 50)
        #expect(abs(try #require(r.escapeRate.rate) - 0.02) < 1e-15)
        // Exact bounds satisfy P(X ≤ k | n, p_U) = 0.05.
        let escapeUpper = try #require(r.escapeRate.upper95)
        #expect(abs(ReferenceBinomial.cdf(1, n: 50, p: escapeUpper) - 0.05) < 1e-10)
        #expect(abs(escapeUpper - 0.091_398) < 1e-6) // scipy beta.ppf(0.95, 2, 49)
        let invalidUpper = try #require(r.falseInvalidRate.upper95)
        #expect(abs(ReferenceBinomial.cdf(5, n: 250, p: invalidUpper) - 0.05) < 1e-10)
        #expect(abs(invalidUpper - 0.041_590) < 1e-6) // scipy beta.ppf(0.95, 6, 245)
    }

    @Test("Empty matrix: rates have total 0 and nil rate/bound; JSON uses snake_case keys")
    func emptyAndCoding() throws {
        let m = VerdictConfusionMatrix()
        #expect(m.rates.escapeRate.rate == nil && m.rates.escapeRate.upper95 == nil)
        let json = String(decoding: try JSONEncoder().encode(lot().rates), as: UTF8.self)
        for key in ["false_reject_rate", "false_invalid_rate", "error_rate", "escape_rate", "upper_95"] {
            #expect(json.contains("\"\(key)\""))
        }
        let round = try JSONDecoder().decode(VerdictConfusionMatrix.self, from: JSONEncoder().encode(lot()))
        #expect(round == lot())
    }

    @Test("Raw values match cellqa's Verdict strings")
    func rawValues() {
        #expect(ObservedVerdict.allCases.map(\.rawValue) == ["PASS", "FAIL", "INVALID", "ERROR"])
        #expect(ExpectedVerdict(rawValue: "AMBIGUOUS") == .ambiguous)
    }
}
