import Foundation
import Testing
@testable import Imaging

/// Each fast path against the plain definition it replaces, on seeded random
/// inputs: the answers must be identical, not merely close.
@Suite struct FastPathAgreementTests {
    /// Blobs on a `width`×`height` grid: about `density` of the pixels set, in clumps.
    static func randomMask(width: Int, height: Int, density: Double, seed: UInt64) -> Mask {
        var rng = SeededGenerator(seed: seed)
        var pixels = [Bool](repeating: false, count: width * height)
        for _ in 0..<Int(density * Double(width * height) / 4) {
            let r = rng.index(below: height), c = rng.index(below: width)
            for (dr, dc) in [(0, 0), (0, 1), (1, 0), (1, 1)] where r + dr < height && c + dc < width {
                pixels[(r + dr) * width + c + dc] = true
            }
        }
        return Mask(width: width, height: height, pixels: pixels)
    }

    @Test(arguments: [(31, 17, 0.02), (64, 64, 0.1), (50, 80, 0.4), (7, 5, 0.5)])
    func nearestSiteEqualsTheDistanceTransform(width: Int, height: Int, density: Double) {
        let sites = Self.randomMask(width: width, height: height, density: density, seed: UInt64(width * height))
        let edt = DistanceTransform.euclidean(sites.map { !$0 })
        for cellSize in [1, 3, 8, 64] {
            let nearest = NearestSite(sites, cellSize: cellSize)
            var mismatches = 0
            for r in 0..<height {
                for c in 0..<width where nearest.distance(row: r, col: c) != edt[r, c] { mismatches += 1 }
            }
            #expect(mismatches == 0, "cell size \(cellSize)")
        }
        // Queries outside the sites' bounding box and outside the image work too:
        // (−5, −5) to the site nearest the top-left corner.
        let nearest = NearestSite(sites)
        var best = Double.infinity
        for r in 0..<height { for c in 0..<width where sites[r, c] {
            best = min(best, (Double((r + 5) * (r + 5) + (c + 5) * (c + 5))).squareRoot())
        } }
        #expect(nearest.distance(row: -5, col: -5) == best)
    }

    @Test func nearestSiteWithoutSitesIsInfinite() {
        #expect(NearestSite(rows: [], cols: []).distance(row: 3, col: 4) == .infinity)
    }

    /// scikit-image's numbering by its definition: scan in raster order; an unlabelled
    /// foreground pixel starts the next label, given by breadth-first search to its component.
    static func labelsByDefinition(_ m: Mask, _ connectivity: Connectivity) -> [Int32] {
        var labels = [Int32](repeating: 0, count: m.count)
        var next: Int32 = 0
        for start in 0..<m.count where m.pixels[start] && labels[start] == 0 {
            next += 1
            labels[start] = next
            var queue = [start]
            while let i = queue.popLast() {
                let r = i / m.width, c = i % m.width
                for dr in -1...1 { for dc in -1...1 where (dr != 0 || dc != 0) && (connectivity == .eight || dr == 0 || dc == 0) {
                    let rr = r + dr, cc = c + dc
                    guard rr >= 0, rr < m.height, cc >= 0, cc < m.width, m[rr, cc], labels[rr * m.width + cc] == 0 else { continue }
                    labels[rr * m.width + cc] = next
                    queue.append(rr * m.width + cc)
                } }
            }
        }
        return labels
    }

    @Test(arguments: [Connectivity.four, .eight])
    func labelingEqualsItsDefinition(connectivity: Connectivity) {
        for (w, h, density, seed) in [(60, 40, 0.5, UInt64(31)), (33, 71, 0.7, 32), (1, 9, 0.6, 33), (9, 1, 0.6, 34),
                                      (97, 53, 0.25, 35), (200, 150, 0.9, 36)] {
            let m = Self.randomMask(width: w, height: h, density: density, seed: seed)
            let expected = Self.labelsByDefinition(m, connectivity)
            let labeling = Labeling(m, connectivity: connectivity)
            #expect(labeling.labels.pixels == expected, "\(w)×\(h)")
            let counts = Dictionary(grouping: expected.filter { $0 != 0 }, by: { $0 }).mapValues(\.count)
            #expect(labeling.sizes == (0..<labeling.count).map { counts[Int32($0 + 1)]! })
            // Small objects by the same definition: components of at most 6 pixels go.
            let kept = m.map { _ in false }.pixels.indices.map { expected[$0] != 0 && counts[expected[$0]]! > 6 }
            #expect(BinaryMorphology.removeSmallObjects(m, minSize: 6, connectivity: connectivity, rule: .atMost).pixels == kept)
        }
    }

    @Test(arguments: [Connectivity.four, .eight])
    func componentEqualsTheLabelOfItsSeed(connectivity: Connectivity) {
        let m = Self.randomMask(width: 60, height: 40, density: 0.35, seed: 7)
        let labeling = Labeling(m, connectivity: connectivity)
        var checked = 0
        for i in stride(from: 0, to: m.count, by: 37) where m.pixels[i] {
            let component = Labeling.component(of: m, containingRow: i / m.width, col: i % m.width, connectivity: connectivity)
            #expect(component == labeling.mask(of: Int(labeling.labels.pixels[i])))
            checked += 1
        }
        #expect(checked > 10)
        #expect(Labeling.component(of: m, containingRow: -1, col: 0, connectivity: connectivity).pixels.allSatisfy { !$0 })
    }

    @Test(arguments: [Connectivity.four, .eight])
    func touchingBorderEqualsTheBorderComponents(connectivity: Connectivity) {
        for (w, h, density, seed) in [(60, 40, 0.5, UInt64(21)), (33, 71, 0.7, 22), (1, 9, 0.6, 23), (25, 25, 0.1, 24)] {
            let m = Self.randomMask(width: w, height: h, density: density, seed: seed)
            let labeling = Labeling(m, connectivity: connectivity)
            var touching = Set<Int32>()
            for r in 0..<h { for c in 0..<w where r == 0 || r == h - 1 || c == 0 || c == w - 1 {
                if labeling.labels[r, c] != 0 { touching.insert(labeling.labels[r, c]) }
            } }
            let expected = labeling.labels.map { touching.contains($0) }
            #expect(Labeling.touchingBorder(m, connectivity: connectivity) == expected, "\(w)×\(h)")
        }
    }

    /// scikit-image's definition, pixel by pixel: any/all over the in-image footprint.
    static func morphologyByDefinition(_ m: Mask, _ footprint: Footprint, dilate: Bool) -> Mask {
        var out = m
        for r in 0..<m.height {
            for c in 0..<m.width {
                var any = false, all = true
                for run in footprint.runs {
                    for dc in run.firstCol...run.lastCol {
                        let rr = r + run.rowOffset, cc = c + dc
                        guard rr >= 0, rr < m.height, cc >= 0, cc < m.width else { continue }
                        any = any || m[rr, cc]
                        all = all && m[rr, cc]
                    }
                }
                out.pixels[r * m.width + c] = dilate ? any : all
            }
        }
        return out
    }

    @Test(arguments: [Footprint.star(1), .star(2), .disk(3), .square(radius: 1)])
    func morphologyEqualsItsDefinition(footprint: Footprint) {
        for (w, h, seed) in [(23, 19, UInt64(1)), (5, 40, 2), (64, 3, 3)] {
            let m = Self.randomMask(width: w, height: h, density: 0.3, seed: seed)
            #expect(BinaryMorphology.dilation(m, footprint) == Self.morphologyByDefinition(m, footprint, dilate: true))
            #expect(BinaryMorphology.erosion(m, footprint) == Self.morphologyByDefinition(m, footprint, dilate: false))
        }
    }

    @Test func floorIndexEqualsRoundingDown() {
        var rng = SeededGenerator(seed: 5)
        var values: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 2.999999, -2.999999, 1e15, -1e15, .ulpOfOne, -.ulpOfOne]
        for _ in 0..<10_000 { values.append((Double(rng.index(below: 2_000_001)) - 1_000_000) / 997) }
        for x in values { #expect(BilinearSampling.floorIndex(x) == Int(x.rounded(.down)), "\(x)") }
    }

    @Test func maskBorderEqualsItsDefinition() {
        for (w, h, seed) in [(23, 19, UInt64(4)), (1, 9, 5), (9, 1, 6), (2, 2, 7), (50, 50, 8)] {
            let m = Self.randomMask(width: w, height: h, density: 0.6, seed: seed)
            var expected = m
            for r in 0..<h {
                for c in 0..<w where m[r, c] {
                    var interior = true
                    for dr in -1...1 { for dc in -1...1 {
                        let rr = r + dr, cc = c + dc
                        interior = interior && rr >= 0 && rr < h && cc >= 0 && cc < w && m[rr, cc]
                    } }
                    expected.pixels[r * w + c] = !interior
                }
            }
            #expect(MaskBorder.border(of: m) == expected, "\(w)×\(h)")
        }
    }

    /// The distance to 200 000 points evenly spaced in the curve parameter (spacing
    /// under 0.003 px on these ellipses, so within 1e-5 px of the true distance).
    func bruteDistance(_ e: Ellipse, _ x: Double, _ y: Double) -> Double {
        var best = Double.infinity
        for k in 0..<200_000 {
            let p = e.point(at: 2 * Double.pi * Double(k) / 200_000)
            best = min(best, ((p.x - x) * (p.x - x) + (p.y - y) * (p.y - y)).squareRoot())
        }
        return best
    }

    /// Points near the tips of elongated ellipses, where Newton's iteration from the
    /// eccentric angle finds another stationary point (these six made the RANSAC
    /// bounds and the old distance disagree): the distance is the shortest one.
    @Test func distanceIsTheShortestOnElongatedEllipses() {
        let e = Ellipse(xc: 50, yc: -20, a: 80, b: 10, theta: 0.7)
        let points = [(110.19218431500714, 29.959180417873085), (-9.988113865351496, -70.13334775952694),
                      (109.2513480594131, 30.708019401872583), (110.14669755721806, 29.75083678310413),
                      (109.95321259257393, 29.918403674495956), (-9.436971820699577, -70.52615767829931),
                      (50, -20), (130, 40), (55, -15)]
        for (x, y) in points {
            #expect(abs(e.distance(x: x, y: y) - bruteDistance(e, x, y)) < 1e-5, "(\(x), \(y))")
        }
        // Newton alone had given 7.37 px for the first point; the shortest is 1.275 px.
        #expect(abs(e.distance(x: points[0].0, y: points[0].1) - 1.2749475) < 1e-5)
    }

    /// The RANSAC inlier test by bounds gives the same decision as the foot-point
    /// distance, for points near and far, on round and elongated ellipses.
    @Test func inlierBoundsAgreeWithTheDistance() {
        var rng = SeededGenerator(seed: 11)
        func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(rng.next() >> 11) / Double(1 << 53) }
        var decided = 0
        for (a, b) in [(300.0, 298.0), (300.0, 120.0), (40.0, 39.5), (80.0, 10.0)] {
            let e = Ellipse(xc: 50, yc: -20, a: a, b: b, theta: 0.7)
            let ct = cos(e.theta), st = sin(e.theta)
            for _ in 0..<20_000 {
                let t = uniform(0, 2 * Double.pi)
                let p = e.point(at: t)
                let scale = uniform(0.8, 1.2), jitter = uniform(-3, 3)
                let x = e.xc + (p.x - e.xc) * scale + jitter, y = e.yc + (p.y - e.yc) * scale - jitter
                for threshold in [0.5, 1.0, 2.0] {
                    let exact = e.distance(x: x, y: y, cosTheta: ct, sinTheta: st) < threshold
                    #expect(e.isWithin(threshold, x: x, y: y, cosTheta: ct, sinTheta: st) == exact, "a \(a) b \(b) at (\(x), \(y))")
                    decided += 1
                }
            }
        }
        #expect(decided == 240_000)
    }
}

/// Marching squares as first written: every cell classified, crossings chained
/// through a dense table over all grid edges. The sparse chaining and the skipping
/// of uniform cells must give the same contours, point for point, in the same order.
@Suite struct MarchingSquaresDefinitionTests {
    static func dense(width w: Int, height h: Int, level: Double, fullyConnectedHigh: Bool,
                      value: (Int) -> Double) -> [Contour] {
        let table = MarchingSquares.segmentTable(fullyConnectedHigh: fullyConnectedHigh)
        let vBase = h * w
        var next = [Int](repeating: -1, count: 2 * h * w)
        var incoming = [Bool](repeating: false, count: 2 * h * w)
        var visited = [Bool](repeating: false, count: 2 * h * w)
        var starts: [Int] = []
        for r in 0..<(h - 1) {
            for c in 0..<(w - 1) {
                let code = (value(r * w + c) > level ? 1 : 0) | (value(r * w + c + 1) > level ? 2 : 0)
                    | (value((r + 1) * w + c) > level ? 4 : 0) | (value((r + 1) * w + c + 1) > level ? 8 : 0)
                for (a, b) in table[code] {
                    let from = MarchingSquares.edgeID(a, r, c, w, vBase), to = MarchingSquares.edgeID(b, r, c, w, vBase)
                    next[from] = to
                    incoming[to] = true
                    starts.append(from)
                }
            }
        }
        func point(_ id: Int) -> (Double, Double) {
            if id < vBase {
                let a = value(id), b = value(id + 1)
                return (Double(id / w), Double(id % w) + (level - a) / (b - a))
            }
            let k = id - vBase, a = value(k), b = value(k + w)
            return (Double(k / w) + (level - a) / (b - a), Double(k % w))
        }
        func follow(_ start: Int) -> Contour {
            var rows: [Double] = [], cols: [Double] = []
            var id = start, closed = false
            while true {
                visited[id] = true
                let (r, c) = point(id)
                rows.append(r); cols.append(c)
                let n = next[id]
                if n < 0 { break }
                if n == start { closed = true; break }
                id = n
            }
            return Contour(rows: rows, cols: cols, isClosed: closed)
        }
        var result: [Contour] = []
        for id in starts where !incoming[id] && !visited[id] { result.append(follow(id)) }
        for id in starts where !visited[id] { result.append(follow(id)) }
        return result
    }

    /// A disc and a ring with holes and specks: long empty and full runs, as a can mask.
    static func canLike(width: Int, height: Int, seed: UInt64) -> Mask {
        var mask = FastPathAgreementTests.randomMask(width: width, height: height, density: 0.01, seed: seed)
        let cr = Double(height) / 2, cc = Double(width) / 2, radius = 0.4 * Double(min(width, height))
        for r in 0..<height {
            for c in 0..<width {
                let d = ((Double(r) - cr) * (Double(r) - cr) + (Double(c) - cc) * (Double(c) - cc)).squareRoot()
                if d < 0.3 * radius || (d > 0.8 * radius && d < radius) { mask[r, c].toggle() }
            }
        }
        return mask
    }

    @Test(arguments: [(64, 48, 1 as UInt64), (101, 77, 2), (9, 9, 3), (200, 150, 4)])
    func maskContoursEqualTheDenseDefinition(width: Int, height: Int, seed: UInt64) {
        for mask in [Self.canLike(width: width, height: height, seed: seed),
                     FastPathAgreementTests.randomMask(width: width, height: height, density: 0.3, seed: seed),
                     Mask(width: width, height: height, repeating: true)] {
            for high in [false, true] {
                let expected = Self.dense(width: width, height: height, level: 0.5, fullyConnectedHigh: high) {
                    mask.pixels[$0] ? 1 : 0
                }
                #expect(MarchingSquares.contours(of: mask, fullyConnectedHigh: high) == expected)
            }
        }
    }

    @Test func greyContoursEqualTheDenseDefinition() {
        var rng = SeededGenerator(seed: 11)
        let w = 57, h = 43
        let image = GrayImage(width: w, height: h, pixels: (0..<(w * h)).map { i in
            Float(sin(Double(i % w) / 5) * cos(Double(i / w) / 7) * 100) + Float(rng.index(below: 10))
        })
        for level in [-20.0, 0.5, 37.0] {
            let expected = Self.dense(width: w, height: h, level: level, fullyConnectedHigh: false) { Double(image.pixels[$0]) }
            #expect(MarchingSquares.contours(of: image, level: level) == expected)
        }
    }
}

/// The word-at-a-time mask operations against per-pixel loops.
@Suite struct MaskWordsTests {
    @Test(arguments: [(1, 1, 0.5), (7, 3, 0.3), (64, 48, 0.02), (101, 77, 0.6)])
    func equalTheirPixelDefinitions(width: Int, height: Int, density: Double) {
        let a = FastPathAgreementTests.randomMask(width: width, height: height, density: density, seed: 5)
        let b = FastPathAgreementTests.randomMask(width: width, height: height, density: density, seed: 6)
        #expect(a.trueCount == a.pixels.filter { $0 }.count)
        var difference = a
        difference.subtract(b)
        #expect(difference.pixels == zip(a.pixels, b.pixels).map { $0 && !$1 })
        var union = a
        union.formUnion(b)
        #expect(union.pixels == zip(a.pixels, b.pixels).map { $0 || $1 })
        var intersection = a
        intersection.formIntersection(b)
        #expect(intersection.pixels == zip(a.pixels, b.pixels).map { $0 && $1 })
        var visited: [Int] = []
        a.forEachTrueIndex { visited.append($0) }
        #expect(visited == a.pixels.indices.filter { a.pixels[$0] })
    }
}
