import Foundation
import Testing
@testable import Imaging

struct EllipseFitTests {
    func points(_ e: Ellipse, count: Int) -> (x: [Double], y: [Double]) {
        let ts = (0..<count).map { 2 * Double.pi * Double($0) / Double(count - 1) }  // np.linspace(0, 2π, n)
        let p = ts.map { e.point(at: $0) }
        return (p.map(\.x), p.map(\.y))
    }

    @Test func recoversScikitImageDocExample() throws {
        // skimage doc: EllipseModel((10,15), (8,4), 30°) sampled at 25 points → (10,15), (8,4), 0.5236.
        let (x, y) = points(Ellipse(xc: 10, yc: 15, a: 8, b: 4, theta: Double.pi / 6), count: 25)
        let e = try #require(EllipseFit.leastSquares(x: x, y: y))
        #expect(abs(e.xc - 10) < 1e-9 && abs(e.yc - 15) < 1e-9)
        #expect(abs(e.a - 8) < 1e-9 && abs(e.b - 4) < 1e-9)
        #expect(abs(e.theta - Double.pi / 6) < 1e-9)
    }

    @Test func swapsAxesSoThatAIsMajor() throws {
        // skimage 0.26 on axis lengths (4, 8) at 30° returns (8, 4) at 120° (2.0944 rad).
        let (x, y) = points(Ellipse(xc: 10, yc: 15, a: 4, b: 8, theta: Double.pi / 6), count: 25)
        let e = try #require(EllipseFit.leastSquares(x: x, y: y))
        #expect(abs(e.a - 8) < 1e-9 && abs(e.b - 4) < 1e-9)
        #expect(abs(e.theta - 2 * Double.pi / 3) < 1e-9)
        #expect(abs(e.eccentricity - (1 - 0.25).squareRoot()) < 1e-9)
    }

    @Test func nearCircleFromLargeOffsetsIsStable() throws {
        // A can-sized near circle far from the origin (as on a 728-px slice): a = 312.13, b = 311.93.
        let truth = Ellipse(xc: 366.36, yc: 378.72, a: 312.13, b: 311.93, theta: 0.49)
        let (x, y) = points(truth, count: 2500)
        let e = try #require(EllipseFit.leastSquares(x: x, y: y))
        #expect(abs(e.a - truth.a) < 1e-6 && abs(e.b - truth.b) < 1e-6 && abs(e.theta - truth.theta) < 1e-4)
        #expect(abs(e.eccentricity - truth.eccentricity) < 1e-6)
    }

    @Test func degenerateInputFails() {
        #expect(EllipseFit.leastSquares(x: [0, 1, 2, 3, 4, 5], y: [0, 1, 2, 3, 4, 5]) == nil)
        #expect(EllipseFit.leastSquares(x: [1, 1, 1, 1, 1], y: [1, 1, 1, 1, 1]) == nil)
    }

    @Test func distanceToEllipseMatchesScikitImageResiduals() {
        // skimage EllipseModel((0,0),(8,4),0).residuals([[0,6],[10,0],[3,3]]) = [2, 2, 0.69327328].
        let e = Ellipse(xc: 0, yc: 0, a: 8, b: 4, theta: 0)
        #expect(abs(e.distance(x: 0, y: 6) - 2) < 1e-9)
        #expect(abs(e.distance(x: 10, y: 0) - 2) < 1e-9)
        #expect(abs(e.distance(x: 3, y: 3) - 0.69327328) < 1e-7)
        // Rotation and translation do not change distances.
        let r = Ellipse(xc: 5, yc: -2, a: 8, b: 4, theta: Double.pi / 2)
        #expect(abs(r.distance(x: 5 - 6, y: -2) - 2) < 1e-9)
    }

    @Test func distanceAgreesWithBruteForceNearTheCurve() {
        // Points within ±3 px of an eccentric ellipse vs the minimum over 100 000 curve samples.
        let e = Ellipse(xc: 3, yc: -1, a: 30, b: 12, theta: 0.7)
        let curve = (0..<100_000).map { e.point(at: 2 * Double.pi * Double($0) / 100_000) }
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<40 {
            let t = 2 * Double.pi * Double(rng.index(below: 10_000)) / 10_000
            let off = Double(rng.index(below: 600)) / 100 - 3
            let p = e.point(at: t)
            // Push the point along the outward radial direction by `off`.
            let dx = p.x - e.xc, dy = p.y - e.yc, n = (dx * dx + dy * dy).squareRoot()
            let x = p.x + off * dx / n, y = p.y + off * dy / n
            let brute = curve.map { (($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y)).squareRoot() }.min()!
            #expect(abs(e.distance(x: x, y: y) - brute) < 1e-3, "at t=\(t) off=\(off)")
        }
    }
}

struct EllipseRANSACTests {
    @Test func dynamicTrialLimitMatchesScikitImage() {
        // skimage _dynamic_max_trials(95, 100, 5, 1) = 25; (50, 100, 5, 0.99) = 146; (100, 100, 5, 1) = 1.
        #expect(EllipseRANSAC.dynamicMaxTrials(inliers: 95, points: 100, minSamples: 5, probability: 1) == 25)
        #expect(EllipseRANSAC.dynamicMaxTrials(inliers: 50, points: 100, minSamples: 5, probability: 0.99) == 146)
        #expect(EllipseRANSAC.dynamicMaxTrials(inliers: 100, points: 100, minSamples: 5, probability: 1) == 1)
    }

    @Test func ignoresOutliersAndIsDeterministic() throws {
        let truth = Ellipse(xc: 50, yc: 40, a: 30, b: 20, theta: 0.3)
        var x: [Double] = [], y: [Double] = []
        for k in 0..<200 {
            let p = truth.point(at: 2 * Double.pi * Double(k) / 200)
            x.append(p.x); y.append(p.y)
        }
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<60 {  // 23 % outliers, far from the curve
            x.append(Double(rng.index(below: 20)) + 40); y.append(Double(rng.index(below: 10)) + 35)
        }
        let ransac = EllipseRANSAC(maxTrials: 2000, stopProbability: 0.999)
        let r = try #require(ransac.fit(x: x, y: y, seed: 1))
        #expect(r.inlierCount == 200)
        #expect(abs(r.ellipse.a - 30) < 1e-6 && abs(r.ellipse.b - 20) < 1e-6 && abs(r.ellipse.theta - 0.3) < 1e-6)
        let again = try #require(ransac.fit(x: x, y: y, seed: 1))
        #expect(again.ellipse == r.ellipse && again.trials == r.trials)
        // The plain fit is pulled off by the outliers.
        let ls = try #require(EllipseFit.leastSquares(x: x, y: y))
        #expect(abs(ls.a - 30) > 0.5)
    }

    @Test func generatorIsReproducible() {
        // xoshiro256** seeded by SplitMix64(0): fixed sequence, distinct indices without repeats.
        var a = SeededGenerator(seed: 0), b = SeededGenerator(seed: 0)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var g = SeededGenerator(seed: 3)
        let picks = g.distinctIndices(5, below: 7)
        #expect(Set(picks).count == 5 && picks.allSatisfy { $0 < 7 })
    }
}

struct BilinearSamplingTests {
    @Test func interpolatesBetweenCentres() {
        // 2×2 [[0, 10], [20, 30]]: at (0.5, 0.5) the mean 15; at (0, 0.25) 2.5; outside → cval.
        let g = GrayImage(width: 2, height: 2, pixels: [0, 10, 20, 30])
        #expect(BilinearSampling.sample(g, row: 0.5, col: 0.5) == 15)
        #expect(BilinearSampling.sample(g, row: 0, col: 0.25) == 2.5)
        #expect(BilinearSampling.sample(g, row: 1, col: 1) == 30)
        #expect(BilinearSampling.sample(g, row: -0.1, col: 0, outside: -1) == -1)
    }
}
