@testable import Analysis
import Foundation
import Imaging
import Testing

/// The windowed nearest-segment search against its definition: for every inner
/// point, the smallest distance to any segment of the closed outer polyline.
@Suite struct ContourWallThicknessTests {
    static func distance(_ py: Double, _ px: Double, _ outer: Contour) -> Double {
        var best = Double.infinity
        for j in 0..<outer.count {
            let k = (j + 1) % outer.count
            let ay = outer.rows[j], ax = outer.cols[j], dy = outer.rows[k] - ay, dx = outer.cols[k] - ax
            let len2 = dx * dx + dy * dy
            let t = len2 > 0 ? max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0
            let ex = ax + t * dx - px, ey = ay + t * dy - py
            best = min(best, (ex * ex + ey * ey).squareRoot())
        }
        return best
    }

    /// A wobbly ring: outer radius 120 with a dent and ripples, inner radius 100
    /// off-centre, both sampled unevenly (long and short segments).
    @Test(arguments: [UInt64(1), 2, 3])
    func equalsTheNearestSegmentByDefinition(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        func polygon(radius: Double, centre: (Double, Double), points: Int, ripple: Double) -> Contour {
            var angles = (0..<points).map { _ in Double(rng.index(below: 1_000_000)) / 1_000_000 * 2 * .pi }
            angles.sort()
            let r = angles.map { a in radius + ripple * sin(7 * a) - (abs(a - 1) < 0.2 ? 6 : 0) }
            return Contour(rows: zip(angles, r).map { centre.0 + $1 * sin($0) }, cols: zip(angles, r).map { centre.1 + $1 * cos($0) },
                           isClosed: true)
        }
        let outer = polygon(radius: 120, centre: (150, 150), points: 700, ripple: 2)
        let inner = polygon(radius: 100, centre: (153, 148), points: 500, ripple: 1)
        let fast = try #require(ContourWallThickness(inner: inner, outer: outer))
        let values = (0..<inner.count).map { Self.distance(inner.rows[$0], inner.cols[$0], outer) }
        #expect(fast.minPx == values.min()!)
        #expect(fast.maxPx == values.max()!)
        #expect(abs(fast.meanPx - values.reduce(0, +) / Double(values.count)) < 1e-12)
    }
}
