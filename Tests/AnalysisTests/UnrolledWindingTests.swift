import Foundation
@testable import Analysis
import Imaging
import Testing

@Suite struct UnrolledWindingTests {
    @Test func anglesFollowTheReferenceConvention() {
        // atan2(x − x0, y − y0): 0° = +row (down), 90° = +col, 180° = −row, 270° = −col.
        #expect(UnrolledWinding.angleDegrees(dy: 5, dx: 0) == 0)
        #expect(UnrolledWinding.angleDegrees(dy: 0, dx: 3) == 90)
        #expect(UnrolledWinding.angleDegrees(dy: -2, dx: 0) == 180)
        #expect(UnrolledWinding.angleDegrees(dy: 0, dx: -1) == 270)
        #expect(abs(UnrolledWinding.angleDegrees(dy: 1, dx: -1) - 315) < 1e-12)
    }

    @Test("angles: bit for bit the reference's (atan2·180/π + 360) mod 360, every offset within 300 px")
    func anglesEqualTheModuloDefinition() {
        for dy in -300...300 {
            for dx in -300...300 {
                let a = atan2(Double(dx), Double(dy)) * (180.0 / Double.pi)
                let definition = (a + 360.0).truncatingRemainder(dividingBy: 360.0)
                guard UnrolledWinding.angleDegrees(dy: dy, dx: dx).bitPattern == definition.bitPattern else {
                    Issue.record("offset (\(dy), \(dx)): \(UnrolledWinding.angleDegrees(dy: dy, dx: dx)) ≠ \(definition)")
                    return
                }
            }
        }
    }

    /// Two concentric rings (radius 4–5 and 8–9 px) about (12, 12) in a 25×25 mask.
    static func rings() -> Mask {
        var mask = Mask(width: 25, height: 25, repeating: false)
        for r in 0..<25 {
            for c in 0..<25 {
                let d2 = (r - 12) * (r - 12) + (c - 12) * (c - 12)
                mask[r, c] = (16...25).contains(d2) || (64...81).contains(d2)
            }
        }
        return mask
    }

    @Test func seamCutAndReversedRasterNumbering() throws {
        let mask = Self.rings()
        let u = try UnrolledWinding(mask: mask, centre: WindingCentre(row: 12, col: 12), chunkSize: 10)
        // Each ring loses its pixels on col 12 below the centre and stays one C-shaped
        // label. Raster order meets the outer ring first (label 1), so reversed it is
        // layer 2 and the inner ring layer 1.
        #expect(u.labelCount == 2)
        let seamPixels = (12..<25).filter { mask[$0, 12] }.count
        #expect(u.layers.map(\.pixelCount).reduce(0, +) == mask.pixels.filter { $0 }.count - seamPixels)
        #expect(u.layers[0].meanRadius < 6 && u.layers[1].meanRadius > 7)
        #expect(u.layers.map(\.radiusRank) == [1, 2])
        // No pixel at exactly 0°; angles span almost the full turn.
        #expect(u.pixels.allSatisfy { $0.angle > 0 })
        #expect(u.layers[1].angleMin < 10 && u.layers[1].angleMax > 350)
    }

    @Test func chunksFollowArraySplit() throws {
        // A horizontal bar of n pixels right of the centre: all at angle 90°, so the
        // order is the raster order and chunk sizes are numpy.array_split's.
        for (n, chunkSize, expected) in [(152, 75, [76, 76]), (151, 75, [76, 75]), (74, 75, [74]), (7, 3, [4, 3])] {
            var mask = Mask(width: n + 2, height: 3, repeating: false)
            for c in 2..<(n + 2) { mask[1, c] = true }
            let u = try UnrolledWinding(mask: mask, centre: WindingCentre(row: 1, col: 1), chunkSize: chunkSize)
            #expect(u.layers.count == 1)
            #expect(u.layers[0].chunks.map(\.pixelCount) == expected, "n = \(n)")
            // Radii 1…n: chunk k's mean radius and thickness are those of its index range.
            let first = try #require(u.layers[0].chunks.first)
            #expect(first.meanRadius == Double(1 + expected[0]) / 2)
            #expect(first.thickness == Double(expected[0] - 1))
        }
    }

    @Test func centreOutsideOrEmptyMaskIsAnError() {
        let mask = Self.rings()
        #expect(throws: UnrolledWinding.Failure.centreOutside(WindingCentre(row: 30, col: 3), width: 25, height: 25)) {
            try UnrolledWinding(mask: mask, centre: WindingCentre(row: 30, col: 3))
        }
        #expect(throws: UnrolledWinding.Failure.emptyMask) {
            try UnrolledWinding(mask: Mask(width: 5, height: 5, repeating: false), centre: WindingCentre(row: 2, col: 2))
        }
    }
}

@Suite struct AngularOrderTests {
    /// The bucket sort against a stable sort by angle, on pixels of a real-looking
    /// band (many exact ties: pixels on one ray from the centre) and on a narrow fragment.
    @Test(arguments: [(0.0, 360.0), (41.0, 43.5), (359.0, 360.0)])
    func bucketSortEqualsAStableSortByAngle(from: Double, to: Double) {
        var rng = SeededGenerator(seed: 11)
        var samples: [UnrolledWinding.Sample] = []
        for p in 0..<5000 {
            // Angles on a coarse grid so that about a third of them tie.
            let steps = Int((to - from) * 20)
            let angle = min(from + Double(rng.index(below: steps + 1)) / 20, 359.999)
            samples.append(.init(angle: angle, radius: Double(rng.index(below: 400)), pixel: Int32(p)))
        }
        let expected = samples.enumerated().sorted { ($0.element.angle, $0.offset) < ($1.element.angle, $1.offset) }.map(\.element.pixel)
        #expect(UnrolledWinding.sortedByAngle(samples).map(\.pixel) == expected)
        #expect(UnrolledWinding.sortedByAngle(Array(samples.prefix(1))).map(\.pixel) == [0])
        #expect(UnrolledWinding.sortedByAngle([]).isEmpty)
    }
}

@Suite struct AngleTableTests {
    /// The table holds what the direct call returns, so an unrolling with it is the
    /// same unrolling: every layer, chunk and fit identical, on the spiral of the
    /// winding phantom slice with its centre off the image centre.
    @Test func unrollingWithTheTableIsTheSame() throws {
        var mask = Mask(width: 61, height: 47, repeating: false)
        for r in 0..<47 { for c in 0..<61 {
            let dy = Double(r - 20), dx = Double(c - 33)
            let angle = (atan2(dx, dy) + .pi) / (2 * .pi)
            let turn = ((dy * dy + dx * dx).squareRoot() / 4 - angle).truncatingRemainder(dividingBy: 1)
            mask[r, c] = turn > 0 && turn < 0.45
        } }
        let centre = WindingCentre(row: 20, col: 33)
        let direct = try UnrolledWinding(mask: mask, centre: centre, chunkSize: 9)
        let table = try #require(AngleTable(width: 61, height: 47))
        let tabled = try UnrolledWinding(mask: mask, centre: centre, chunkSize: 9, angles: table)
        #expect(direct.layers.count > 3)
        #expect(direct.layers == tabled.layers)
        #expect(table.angle(dy: 5, dx: 0) == 0 && table.angle(dy: -60, dx: 60) == UnrolledWinding.angleDegrees(dy: -60, dx: 60))
        // Too small a table is not used: the same answer again.
        #expect(try UnrolledWinding(mask: mask, centre: centre, chunkSize: 9, angles: AngleTable(radius: 10)).layers == direct.layers)
        #expect(AngleTable(width: 5000, height: 5000) == nil)
        // Without the per-pixel record (a whole-cell run): the same layers, no pixels.
        let bare = try UnrolledWinding(mask: mask, centre: centre, chunkSize: 9, angles: table, keepsPixels: false)
        #expect(bare.layers == direct.layers)
        #expect(bare.pixels.isEmpty && direct.pixels.count == direct.layers.reduce(0) { $0 + $1.pixelCount })
    }
}
