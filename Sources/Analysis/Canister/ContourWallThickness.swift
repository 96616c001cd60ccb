import Foundation
import Imaging

/// Sub-pixel wall thickness: for every vertex of the inner contour, the distance to the
/// nearest point of the outer contour polyline (point-to-segment distances).
///
/// Why besides the reference's EDT figure: the reference samples an EDT between two
/// one-pixel borders (8-neighbour rule), which is biased by the digitisation, e.g. an
/// ideal digital ring of 8 px gives 7.61 px (scikit-image and cellqa alike) and a noisy
/// edge adds roughness to the border band (+0.4 px on a noisy phantom). The contours
/// sit on the level-0.5 boundary to a fraction of a pixel, so this estimate stays within
/// 0.25 px of the true thickness on the phantoms. Reported in the details next to the
/// reference figure; the `can.wall_thickness_*` ids keep the reference definition.
///
/// Search: outer vertices sorted by polar angle about the outer contour's centroid; for
/// an inner vertex a first distance comes from the outer vertices at about its angle,
/// then only the outer vertices within an angular window wide enough to hold a nearer
/// segment are examined, so the cost is O((n + m)·log m + n·window), the window a few
/// wall thicknesses of arc.
public struct ContourWallThickness: Sendable, Codable, Equatable {
    public var count: Int
    public var meanPx: Double
    public var minPx: Double
    public var maxPx: Double
    public var stdPx: Double

    public init?(inner: Contour, outer: Contour) {
        let m = outer.count, n = inner.count
        guard m >= 3, n >= 1 else { return nil }
        let cy = outer.rows.reduce(0, +) / Double(m), cx = outer.cols.reduce(0, +) / Double(m)
        let angles = (0..<m).map { atan2(outer.rows[$0] - cy, outer.cols[$0] - cx) }
        let order = (0..<m).sorted { angles[$0] < angles[$1] }
        let sortedAngles = order.map { angles[$0] }
        // Longest outer segment: a segment within `d` of a point has an endpoint within `d + maxSegment`.
        var maxSegment = 0.0
        for j in 0..<m {
            let k = (j + 1) % m
            let dr = outer.rows[k] - outer.rows[j], dc = outer.cols[k] - outer.cols[j]
            maxSegment = max(maxSegment, (dr * dr + dc * dc).squareRoot())
        }
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let py = inner.rows[i], px = inner.cols[i]
            let rho = max(1, ((py - cy) * (py - cy) + (px - cx) * (px - cx)).squareRoot())
            let phi = atan2(py - cy, px - cx)
            // Squared distances, one square root per point: √ is monotone, so the
            // root of the smallest square is the smallest distance, to the bit.
            var bestSquared = Double.infinity
            // A vertex farther than `best + maxSegment` carries no segment nearer than
            // `best`: its two segments are skipped after one vertex distance (with a
            // margin for rounding, so the minimum found is the very same).
            var reachSquared = Double.infinity
            func visit(_ k: Int) {
                let j = order[k]
                let vy = outer.rows[j] - py, vx = outer.cols[j] - px
                guard vy * vy + vx * vx <= reachSquared else { return }
                let jn = (j + 1) % m, jp = (j + m - 1) % m
                let before = bestSquared
                bestSquared = min(bestSquared, Self.segmentDistanceSquared(py, px, outer.rows[j], outer.cols[j], outer.rows[jn], outer.cols[jn]))
                bestSquared = min(bestSquared, Self.segmentDistanceSquared(py, px, outer.rows[jp], outer.cols[jp], outer.rows[j], outer.cols[j]))
                if bestSquared < before {
                    let reach = bestSquared.squareRoot() + maxSegment + 1e-6
                    reachSquared = reach * reach
                }
            }
            // A first answer from the outer vertices at about the same angle, then every
            // vertex that could carry a nearer segment: within `best + maxSegment`, which
            // seen from the centroid is an angular window of asin(that / rho).
            let k0 = Self.lowerBound(sortedAngles, phi)
            for d in -4...4 { visit(((k0 + d) % m + m) % m) }
            let reach = bestSquared.squareRoot() + maxSegment
            let half = min(Double.pi, asin(min(1, reach / rho)) + 1e-9)
            func scan(_ lo: Double, _ hi: Double) {
                var k = Self.lowerBound(sortedAngles, lo)
                while k < m && sortedAngles[k] <= hi { visit(k); k += 1 }
            }
            Self.forEachWindow(phi - half, phi + half, scan)
            values[i] = bestSquared.squareRoot()
        }
        count = n
        meanPx = values.reduce(0, +) / Double(n)
        minPx = values.min()!
        maxPx = values.max()!
        let mu = meanPx
        stdPx = (values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(n)).squareRoot()
    }

    @inline(__always)
    static func forEachWindow(_ lo: Double, _ hi: Double, _ body: (Double, Double) -> Void) {
        if hi - lo >= 2 * Double.pi { body(-Double.pi, Double.pi); return }
        if lo < -Double.pi { body(-Double.pi, hi); body(lo + 2 * Double.pi, Double.pi); return }
        if hi > Double.pi { body(lo, Double.pi); body(-Double.pi, hi - 2 * Double.pi); return }
        body(lo, hi)
    }

    static func lowerBound(_ a: [Double], _ v: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let mid = (lo + hi) / 2; if a[mid] < v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    @inline(__always)
    static func segmentDistanceSquared(_ py: Double, _ px: Double, _ ay: Double, _ ax: Double, _ by: Double, _ bx: Double) -> Double {
        let dx = bx - ax, dy = by - ay
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0
        t = max(0, min(1, t))
        let ex = ax + t * dx - px, ey = ay + t * dy - py
        return ex * ex + ey * ey
    }
}
