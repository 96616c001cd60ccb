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
        var spans: [(row: Int, first: Int, last: Int)] = []
        let w = image.width, h = image.height
        image.pixels.withUnsafeBufferPointer { px in
            func crossing(_ a: Float, _ b: Float) -> Double {
                // Fraction of the way from a (below level) to b (at or above it).
                let d = b - a
                return d == 0 ? 0.5 : Double((level - a) / d)
            }
            for row in 0..<h {
                let base = row * w
                let line = UnsafeBufferPointer(rebasing: px[base..<(base + w)])
                guard let first = Self.firstIndex(in: line, atLeast: level) else { continue }
                let last = Self.lastIndex(in: line, atLeast: level)!
                spans.append((row, first, last))
                if first > 0 {
                    let f = crossing(px[base + first - 1], px[base + first])
                    points.append((Double(row), Double(first - 1) + f))
                    if last < w - 1 {
                        let g = crossing(px[base + last + 1], px[base + last])
                        points.append((Double(row), Double(last + 1) - g))
                    }
                }
            }
            rowCount = points.count
            // A column can reach `level` only in rows whose first…last span (found
            // above) covers it: start each column's search at the first such row
            // from the top (and from the bottom), not at the image edge.
            let (top, bottom) = Self.firstAndLastCoveringRows(spans, width: w)
            for col in 0..<w where top[col] >= 0 {
                if let first = (top[col]..<h).first(where: { px[$0 * w + col] >= level }), first > 0 {
                    let f = crossing(px[(first - 1) * w + col], px[first * w + col])
                    points.append((Double(first - 1) + f, Double(col)))
                    let last = (0...bottom[col]).last(where: { px[$0 * w + col] >= level })!
                    if last < h - 1 {
                        let g = crossing(px[(last + 1) * w + col], px[last * w + col])
                        points.append((Double(last + 1) - g, Double(col)))
                    }
                }
            }
        }
        return (Array(points[..<rowCount]), Array(points[rowCount...]), points)
    }

    /// The first index whose value is ≥ `level`, eight values at a time through the air.
    static func firstIndex(in line: UnsafeBufferPointer<Float>, atLeast level: Float) -> Int? {
        let raw = UnsafeRawPointer(line.baseAddress!)
        var i = 0
        while i + 8 <= line.count, !any(raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self) .>= level) { i += 8 }
        while i < line.count { if line[i] >= level { return i }; i += 1 }
        return nil
    }

    /// The last index whose value is ≥ `level`.
    static func lastIndex(in line: UnsafeBufferPointer<Float>, atLeast level: Float) -> Int? {
        let raw = UnsafeRawPointer(line.baseAddress!)
        var end = line.count
        while end >= 8, !any(raw.loadUnaligned(fromByteOffset: 4 * (end - 8), as: SIMD8<Float>.self) .>= level) { end -= 8 }
        while end > 0 { if line[end - 1] >= level { return end - 1 }; end -= 1 }
        return nil
    }

    /// For every column, the first and the last row whose span covers it (−1 for
    /// none). Spans are visited top-down and bottom-up keeping the union of those
    /// seen, so each column is set once; a column left inside the union by a
    /// disjoint span gets the first / last row of any span (search the whole
    /// covered height), still exact.
    static func firstAndLastCoveringRows(_ spans: [(row: Int, first: Int, last: Int)], width: Int) -> (top: [Int], bottom: [Int]) {
        func sweep(_ ordered: some Sequence<(row: Int, first: Int, last: Int)>, whole: Int) -> [Int] {
            var cover = [Int](repeating: -1, count: width)
            var lo = Int.max, hi = Int.min
            for s in ordered {
                if lo > hi {
                    for c in s.first...s.last { cover[c] = s.row }
                } else {
                    if s.first < lo { for c in s.first..<min(lo, s.last + 1) { cover[c] = s.row } }
                    if s.last > hi { for c in max(hi + 1, s.first)...s.last { cover[c] = s.row } }
                    // Columns between a disjoint span and the union: search whole.
                    if s.last < lo - 1 { for c in (s.last + 1)..<lo where cover[c] < 0 { cover[c] = whole } }
                    if s.first > hi + 1 { for c in (hi + 1)..<s.first where cover[c] < 0 { cover[c] = whole } }
                }
                lo = min(lo, s.first); hi = max(hi, s.last)
            }
            return cover
        }
        guard let firstRow = spans.first?.row, let lastRow = spans.last?.row else {
            return ([Int](repeating: -1, count: width), [Int](repeating: -1, count: width))
        }
        return (sweep(spans, whole: firstRow), sweep(spans.reversed(), whole: lastRow))
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
