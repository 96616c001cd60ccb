import Testing
@testable import Validation

@Suite("Pooled within-cell repeatability")
struct PooledRepeatabilityTests {
    /// Cell A: 10.0, 10.2, 9.9 → mean 10.0333, SS = 0.14/3 = 0.046667, 2 dof.
    /// Cell B: 5.0, 5.4 → mean 5.2, SS = 0.08, 1 dof.
    /// Cells C (one value) and D (empty) are ignored.
    /// s_r = √((0.046667 + 0.08)/3) = √0.042222 = 0.205480, ν = 3.
    @Test("s_r = √(0.38/9) = 0.205480 with ν = 3 from two usable cells")
    func handWorked() throws {
        let r = try #require(PooledRepeatability(groups: [[10.0, 10.2, 9.9], [5.0, 5.4], [7.0], []]))
        #expect(abs(r.sR - (0.38 / 9).squareRoot()) < 1e-12)
        #expect(abs(r.sR - 0.205_480) < 1e-6)
        #expect(r.degreesOfFreedom == 3)
        #expect(r.groups == 2)
        #expect(r.measurements == 5)
    }

    @Test("Equal-size groups: s_r² is the mean of the group variances (1, 4, 9 → s_r = √(14/3) = 2.160247)")
    func equalGroups() throws {
        // Pairs (x, x + d) have variance d²/2: d = √2, 2√2, 3√2 → variances 1, 4, 9.
        let groups = [1.0, 2, 3].map { d in [100.0, 100.0 + d * 2.0.squareRoot()] }
        let r = try #require(PooledRepeatability(groups: groups))
        #expect(abs(r.sR - 2.160_247) < 1e-6)
        #expect(r.degreesOfFreedom == 3)
    }

    @Test("No group with two values → nil; constant re-scans → s_r = 0")
    func degenerate() throws {
        #expect(PooledRepeatability(groups: [[1.0], [], [2.0]]) == nil)
        let r = try #require(PooledRepeatability(groups: [[3.0, 3.0, 3.0]]))
        #expect(r.sR == 0 && r.degreesOfFreedom == 2)
    }
}
