import Foundation
import Imaging
import Testing
@testable import Phantom

/// The lot's truth checked without any analysis: a noise-free rendering of the
/// cell, measured by a plain threshold (the midway level between the two
/// materials of each edge) along rays and by flood fill, must agree with what
/// `LotMetricTruth` computed from the geometry.
@Suite struct LotTruthTests {
    /// Cells of a lot (seed 7) that carry a given defect, rendered at a body slice.
    static func cells(_ kind: LotDefect.Kind, count: Int) -> [LotCell] {
        let sampler = LotSampler(seed: 7, profile: .small)
        return (0..<64).map(sampler.cell).filter { $0.defect.kind == kind }.prefix(count).map { $0 }
    }

    /// A slice in the body, away from any axial range of a defect's ends.
    static func bodySlice(_ cell: LotCell) -> Int {
        let vz = cell.spec.voxelSize.z
        if let range = cell.spec.can.dents.first?.axialRange ?? cell.spec.can.thinnings.first?.axialRange {
            return Int(((range.lowerBound + range.upperBound) / 2 / vz).rounded())
        }
        return cell.spec.depth - 4
    }

    static func noiseless(_ cell: LotCell) -> PhantomSpec {
        var s = cell.spec
        s.quality.noiseSigma = 0
        s.quality.blurSigma = 0
        s.quality.tiltDegrees = 0
        s.quality.cupping = 0
        s.quality.streaks = nil
        s.bitDepth = .float32            // no clamping at full scale, no rounding
        return s
    }

    /// Radius (px) where the grey level along the ray from the axis at angle θ
    /// (cell convention: 0 = +row) first falls below `level` going outward from `start`,
    /// linearly interpolated between samples 0.05 px apart (bilinear in the image).
    static func crossing(_ image: GrayImage, centre: (row: Double, col: Double), theta: Double,
                         from start: Double, level: Float, rising: Bool) -> Double? {
        var previous: (r: Double, v: Float)?
        var r = start
        while r < Double(image.width) / 2 {
            let row = centre.row + r * cos(theta), col = centre.col + r * sin(theta)
            let v = bilinear(image, row, col)
            if let p = previous, rising ? (p.v < level && v >= level) : (p.v >= level && v < level) {
                return p.r + (r - p.r) * Double((level - p.v) / (v - p.v))
            }
            previous = (r, v)
            r += 0.05
        }
        return nil
    }

    static func bilinear(_ image: GrayImage, _ row: Double, _ col: Double) -> Float {
        let r0 = Int(row.rounded(.down)), c0 = Int(col.rounded(.down))
        let fr = Float(row - Double(r0)), fc = Float(col - Double(c0))
        func at(_ r: Int, _ c: Int) -> Float { image[min(max(r, 0), image.height - 1), min(max(c, 0), image.width - 1)] }
        return (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1))
    }

    @Test func outerDiameterOfNominalCellsMatchesAFloodFilledThreshold() throws {
        for cell in Self.cells(.none, count: 3) {
            let spec = Self.noiseless(cell)
            let image = try PhantomVolume(spec: spec).slice(Self.bodySlice(cell))
            let scale = Float(spec.outputScale)
            let level = Float(spec.levels.air + spec.levels.can) / 2 * scale
            // Outside = below the level and connected to the image border (4-connected).
            let w = image.width, h = image.height
            var outside = [Bool](repeating: false, count: w * h)
            var stack: [Int] = []
            for i in 0..<w { stack += [i, (h - 1) * w + i] }
            for i in 0..<h { stack += [i * w, i * w + w - 1] }
            while let i = stack.popLast() {
                if outside[i] || image.pixels[i] >= level { continue }
                outside[i] = true
                let r = i / w, c = i % w
                if r > 0 { stack.append(i - w) }
                if r < h - 1 { stack.append(i + w) }
                if c > 0 { stack.append(i - 1) }
                if c < w - 1 { stack.append(i + 1) }
            }
            let inside = Double(outside.filter { !$0 }.count)
            let px = spec.voxelSize.x
            let measured = 2 * (inside / .pi).squareRoot() * px
            let truth = try #require(cell.metrics["can.outer_diameter_mm"])
            // Pixel counting of a disc of ~400 px radius: ±0.2 px on the diameter.
            #expect(abs(measured - truth) < 0.2 * px, "\(cell.id): thresholded \(measured) mm, truth \(truth) mm")
        }
    }

    @Test func dentDepthAndWallThinningMatchRayCrossings() throws {
        for cell in Self.cells(.dent, count: 2) + Self.cells(.wallThinning, count: 2) {
            let spec = Self.noiseless(cell)
            let g = PhantomTruth(spec: spec)
            let image = try PhantomVolume(spec: spec).slice(Self.bodySlice(cell))
            let scale = Float(spec.outputScale)
            let centre = (row: g.can.centreAtPivot.row, col: g.can.centreAtPivot.col)
            let px = spec.voxelSize.x
            let outerLevel = Float(spec.levels.air + spec.levels.can) / 2 * scale
            let innerLevel = Float(spec.levels.void + spec.levels.can) / 2 * scale
            let bump = (spec.can.dents.first ?? spec.can.thinnings.first)!
            let theta = bump.angleDegrees * .pi / 180
            let ellipse = g.can.outerSemiMajor.px   // eccentricity < 0.03 in nominal-can cells: compare with the opposite side
            let start = ellipse - 3 * spec.can.wallThickness / px - 4
            let outer = try #require(Self.crossing(image, centre: centre, theta: theta, from: start, level: outerLevel, rising: false))
            let inner = try #require(Self.crossing(image, centre: centre, theta: theta, from: start, level: innerLevel, rising: true))
            let wall = (outer - inner) * px
            if cell.defect.kind == .dent {
                // Reference radius: the undented ellipse along the same direction.
                let u = sin(theta), v = cos(theta)
                let geometry = PhantomGeometry(spec: spec)
                let expected = geometry.ellipseRadiusFactor(u: u, v: v, r: 1, a: geometry.outerA, b: geometry.outerB) / px
                let depth = (expected - outer) * px
                let truth = try #require(cell.metrics["can.max_dent_mm"])
                #expect(abs(depth - truth) < 0.1 * px, "\(cell.id): dent \(depth) mm by threshold, truth \(truth) mm")
                #expect(abs(wall - spec.can.wallThickness) < 0.1 * px, "\(cell.id): a dent keeps the wall: \(wall) mm")
            } else {
                let truth = try #require(cell.metrics["can.wall_thickness_min_mm"])
                // 0.15 px: the inner face's level is taken as the void's, but at a thinned wall
                // the partial-volume ramp meets the bump's curvature (seen: 0.103 px).
                #expect(abs(wall - truth) < 0.15 * px, "\(cell.id): wall \(wall) mm at the thinning, truth \(truth) mm")
            }
        }
    }

    @Test func theLotIsAPureFunctionOfItsSeedAndSpansWhatItClaims() {
        let a = LotSampler(seed: 3), b = LotSampler(seed: 3), c = LotSampler(seed: 4)
        let first = (0..<120).map(a.cell)
        #expect(first == (0..<120).map(b.cell))
        #expect(first.map(\.spec.seed) != (0..<120).map(c.cell).map(\.spec.seed))
        #expect(Set(first.map(\.format)) == ["18650", "21700", "4680"])
        #expect(Set(first.map(\.polarity)) == Set(LotCell.Polarity.allCases))
        #expect(Set(first.map(\.sampleKind)) == ["8", "16", "16u", "32f"])
        let voxels = first.map(\.voxelMM)
        #expect(voxels.min()! >= 0.015 && voxels.max()! <= 0.06 && voxels.min()! < 0.02 && voxels.max()! > 0.05)
        let nominal = Double(first.filter { $0.defect.kind == .none }.count) / Double(first.count)
        #expect(nominal > 0.3 && nominal < 0.55, "about half the cells nominal: \(nominal)")
        for kind in LotDefect.Kind.allCases { #expect(first.contains { $0.defect.kind == kind }, "\(kind) drawn") }
        // Every drawn spec renders (the roll fits its can, foils fit their strips).
        for cell in first { #expect(throws: Never.self) { try cell.spec.validate() } }
    }

    @Test func aRescanIsTheSameCellSeatedAgain() {
        let sampler = LotSampler(seed: 5)
        let cell = sampler.cell(0), again = sampler.rescan(of: cell, number: 1)
        #expect(again.cell == cell.cell && again.id == "\(cell.id)-R1")
        #expect(again.metrics == cell.metrics, "the truth does not change with the scan")
        #expect(again.spec.seed != cell.spec.seed)
        #expect(again.spec.can.outerDiameter == cell.spec.can.outerDiameter && again.spec.roll.turns == cell.spec.roll.turns)
    }
}
