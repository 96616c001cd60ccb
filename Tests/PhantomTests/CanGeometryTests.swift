import Foundation
import Imaging
import Testing
@testable import Phantom

/// The can as rendered matches the truth it states.
@Suite struct CanGeometryTests {
    @Test func ringPixelRadiiMatchTheStatedRadii() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless())
        let truth = volume.truth
        let image = try volume.slice(24)
        let c = truth.can.centreAtPivot
        // Pixels of the can ring: above the midway threshold and beyond the roll.
        var radii: [Double] = []
        for row in 0 ..< image.height { for col in 0 ..< image.width where Double(image[row, col]) > truth.thresholds.canMidway {
            radii.append(hypot(Double(row) - c.row, Double(col) - c.col))
        } }
        // Area-weighted mean radius of the annulus [Ri, Ro]: (2/3)(Ro³ − Ri³)/(Ro² − Ri²).
        // The midway level 100 is exactly half-way between air (10) and can (190), but
        // at the inner edge (can against void 25) it means coverage 75/165 = 0.4545,
        // so the thresholded ring reaches 0.0455 px further in.
        let ro = truth.can.outerSemiMajor.px
        let ri = truth.can.innerSemiMajor.px - (0.5 - (truth.thresholds.canMidway - truth.levels.void) / (truth.levels.can - truth.levels.void))
        let expected = 2.0 / 3.0 * (ro * ro * ro - ri * ri * ri) / (ro * ro - ri * ri)
        let measured = radii.reduce(0, +) / Double(radii.count)
        #expect(abs(measured - expected) < 0.5, "mean ring radius \(measured) px, truth \(expected) px")
        // Ring area = π(Ro² − Ri²) within 0.5 %.
        let area = Double.pi * (ro * ro - ri * ri)
        #expect(abs(Double(radii.count) - area) / area < 0.005, "ring area \(radii.count) px², truth \(area)")
        #expect(ro == 150 && truth.can.innerSemiMajor.px == 145)   // 9.0 mm and 8.7 mm at 0.06 mm/px
    }

    @Test func outerRadiusAndWallThicknessAlongRays() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless())
        let truth = volume.truth
        let image = try volume.noiselessSlice(24)
        var outer: [Double] = [], wall: [Double] = []
        for angle in stride(from: 0.0, to: 360, by: 5) {
            let x = Probe.crossings(image, centre: truth.can.centreAtPivot, thetaDegrees: angle,
                                    level: truth.thresholds.canMidway, from: 140, to: 158)
            // Inner edge: can (190) against void (25): its own midway level.
            let inner = Probe.crossings(image, centre: truth.can.centreAtPivot, thetaDegrees: angle,
                                        level: (truth.levels.can + truth.levels.void) / 2, from: 140, to: 148)
            try #require(x.count == 2 && inner.count == 1)
            outer.append(x[1].r)
            wall.append(x[1].r - inner[0].r)
        }
        let o = Probe.meanStd(outer), w = Probe.meanStd(wall)
        #expect(abs(o.mean - truth.can.outerSemiMajor.px) < 0.1, "outer radius \(o.mean) px (truth 150)")
        #expect(abs(w.mean - truth.can.wallThickness.px) < 0.1, "wall \(w.mean) px (truth 5)")
        #expect(w.std < 0.1)
    }

    @Test func ellipseRadiusFollowsItsSemiAxesAndAngle() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless().withEllipse(eccentricity: 0.3, angleDegrees: 30))
        let truth = volume.truth
        let image = try volume.noiselessSlice(10)
        let a = truth.can.outerSemiMajor.px, b = truth.can.outerSemiMinor.px
        #expect(abs(b - 150 * (1 - 0.09).squareRoot()) < 1e-9)
        var worst = 0.0
        for angle in stride(from: 0.0, to: 360, by: 10) {
            let t = (angle - 30) * .pi / 180
            let expected = a * b / ((b * cos(t)) * (b * cos(t)) + (a * sin(t)) * (a * sin(t))).squareRoot()
            let x = Probe.crossings(image, centre: truth.can.centreAtPivot, thetaDegrees: angle,
                                    level: truth.thresholds.canMidway, from: expected - 8, to: expected + 3)
            try #require(!x.isEmpty)
            worst = max(worst, abs(x.last!.r - expected))
        }
        #expect(worst < 0.2, "largest outer-radius error \(worst) px")
    }

    @Test func dentDepthAtItsAngle() throws {
        // 0.3 mm = 5 px dent at 90°, 40° wide, only in slices 10…30 (0.6…1.8 mm).
        let spec = PhantomSpec.nominal.noiseless().withDent(depth: 0.3, angleDegrees: 90, widthDegrees: 40, axialRange: 0.6 ... 1.8)
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        #expect(abs(truth.can.maxDent.px - 5) < 1e-9 && abs(truth.can.maxDent.mm - 0.3) < 1e-12)
        let dented = try volume.noiselessSlice(20), plain = try volume.noiselessSlice(40)
        func outerAndInner(_ image: GrayImage, _ angle: Double) -> (Double, Double) {
            let x = Probe.crossings(image, centre: truth.can.centreAtPivot, thetaDegrees: angle,
                                    level: truth.thresholds.canMidway, from: 130, to: 158)
            let i = Probe.crossings(image, centre: truth.can.centreAtPivot, thetaDegrees: angle,
                                    level: (truth.levels.can + truth.levels.void) / 2, from: 130, to: 148)
            return (x.last!.r, i.first!.r)
        }
        let (o, i) = outerAndInner(dented, 90)
        #expect(abs((150 - o) - 5) < 0.15, "outer dent \(150 - o) px (truth 5)")
        #expect(abs((145 - i) - 5) < 0.15, "inner wall dent \(145 - i) px (truth 5: both boundaries move)")
        // Half depth at ±10° (cos²(π·10/40) = 0.5), none outside ±20° and none outside the axial range.
        let (oHalf, _) = outerAndInner(dented, 100)
        #expect(abs((150 - oHalf) - 2.5) < 0.15, "dent at 100°: \(150 - oHalf) px (truth 2.5)")
        #expect(abs(outerAndInner(dented, 115).0 - 150) < 0.1)
        #expect(abs(outerAndInner(plain, 90).0 - 150) < 0.1)
    }

    @Test func sixteenBitReferenceThresholdSegmentsLikeEightBit() throws {
        // 16-bit levels are 610 × 8-bit, so im > 61000 and im > 100 select the same can pixels.
        let eight = try PhantomVolume(spec: .nominal).slice(5)
        let sixteen = try PhantomVolume(spec: PhantomSpec.nominal.withBitDepth(.sixteen)).slice(5)
        let a = eight.pixels.filter { $0 > 100 }.count, b = sixteen.pixels.filter { $0 > 61000 }.count
        #expect(abs(a - b) <= a / 200, "8-bit can pixels \(a), 16-bit \(b)")
        #expect(sixteen.pixels.max()! == 65535)   // the can saturates, as in im_1.tif
        #expect(eight.pixels.allSatisfy { $0 == $0.rounded() && $0 >= 0 && $0 <= 255 })
    }
}
