#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Imaging

/// The cell's outline on one axial slice, as a circle: centre and radius in px.
///
/// The can is the outermost and brightest part of the cell, so its outer edge is
/// where each row and column first and last crosses `level` coming from the
/// image border. Those sub-pixel crossings (linear interpolation between the two
/// pixels around the crossing), four per row/column pair, are fitted with an
/// algebraic least-squares circle (Kåsa). Looking only at the outline keeps the
/// estimate indifferent to whatever lies inside (cap, winding, tabs), and it
/// costs one pass over the border-most pixels: cheap enough for every slice.
public struct Silhouette: Sendable, Equatable, Codable {
    public var centreRow: Double
    public var centreCol: Double
    public var radius: Double
    /// RMS distance of the crossings from the fitted circle, px (a dent or a
    /// non-round outline raises it).
    public var rmsResidual: Double
    public var pointCount: Int

    /// - Returns: `nil` when fewer than 16 crossings exist (an empty slice).
    public static func fit(_ image: GrayImage, level: Float) -> Silhouette? {
        let crossings = outlineCrossings(image, level: level)
        guard crossings.all.count >= 16, let rough = fitCircle(crossings.all) else { return nil }
        // A row meets the outline at a grazing angle near the circle's top and
        // bottom, where its crossing is poorly located; keep each scan direction
        // only where the outline's normal is within 45° of it, and fit again.
        let reach = rough.radius / 2.0.squareRoot()
        let good = crossings.fromRows.filter { abs($0.row - rough.centreRow) < reach }
            + crossings.fromColumns.filter { abs($0.col - rough.centreCol) < reach }
        guard good.count >= 16 else { return rough }
        return fitCircle(good)
    }

    static func outlineCrossings(_ image: GrayImage, level: Float)
        -> (fromRows: [(row: Double, col: Double)], fromColumns: [(row: Double, col: Double)], all: [(row: Double, col: Double)])
    {
        var points: [(row: Double, col: Double)] = []
        var rowCount = 0
        let w = image.width, h = image.height
        image.pixels.withUnsafeBufferPointer { px in
            func crossing(_ a: Float, _ b: Float) -> Double {
                // Fraction of the way from a (below level) to b (at or above it).
                let d = b - a
                return d == 0 ? 0.5 : Double((level - a) / d)
            }
            for row in 0..<h {
                let base = row * w
                if let first = (0..<w).first(where: { px[base + $0] >= level }), first > 0 {
                    let f = crossing(px[base + first - 1], px[base + first])
                    points.append((Double(row), Double(first - 1) + f))
                    let last = (0..<w).last(where: { px[base + $0] >= level })!
                    if last < w - 1 {
                        let g = crossing(px[base + last + 1], px[base + last])
                        points.append((Double(row), Double(last + 1) - g))
                    }
                }
            }
            rowCount = points.count
            for col in 0..<w {
                if let first = (0..<h).first(where: { px[$0 * w + col] >= level }), first > 0 {
                    let f = crossing(px[(first - 1) * w + col], px[first * w + col])
                    points.append((Double(first - 1) + f, Double(col)))
                    let last = (0..<h).last(where: { px[$0 * w + col] >= level })!
                    if last < h - 1 {
                        let g = crossing(px[(last + 1) * w + col], px[last * w + col])
                        points.append((Double(last + 1) - g, Double(col)))
                    }
                }
            }
        }
        return (Array(points[..<rowCount]), Array(points[rowCount...]), points)
    }

    /// Kåsa fit: minimise Σ (x² + y² + D·x + E·y + F)², solved from the 3×3
    /// normal equations on centred coordinates (centring keeps them well conditioned).
    static func fitCircle(_ points: [(row: Double, col: Double)]) -> Silhouette? {
        let n = Double(points.count)
        let mr = points.reduce(0) { $0 + $1.row } / n
        let mc = points.reduce(0) { $0 + $1.col } / n
        var suu = 0.0, svv = 0.0, suv = 0.0, suuu = 0.0, svvv = 0.0, suvv = 0.0, svuu = 0.0
        for p in points {
            let u = p.row - mr, v = p.col - mc
            suu += u * u; svv += v * v; suv += u * v
            suuu += u * u * u; svvv += v * v * v
            suvv += u * v * v; svuu += v * u * u
        }
        // Solve [suu suv; suv svv] [uc; vc] = ½ [suuu + suvv; svvv + svuu].
        let det = suu * svv - suv * suv
        guard abs(det) > 1e-12 else { return nil }
        let b1 = 0.5 * (suuu + suvv), b2 = 0.5 * (svvv + svuu)
        let uc = (b1 * svv - b2 * suv) / det
        let vc = (suu * b2 - suv * b1) / det
        let r2 = uc * uc + vc * vc + (suu + svv) / n
        let radius = r2.squareRoot()
        var ss = 0.0
        for p in points {
            let d = ((p.row - mr - uc) * (p.row - mr - uc) + (p.col - mc - vc) * (p.col - mc - vc)).squareRoot() - radius
            ss += d * d
        }
        return Silhouette(centreRow: mr + uc, centreCol: mc + vc, radius: radius,
                          rmsResidual: (ss / n).squareRoot(), pointCount: points.count)
    }
}
