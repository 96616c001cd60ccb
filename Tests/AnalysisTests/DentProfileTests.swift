import Foundation
import Testing
import Imaging
@testable import Analysis

struct DentProfileTests {
    /// Hand-worked: circle of radius 10 at (row 5, col 3); deltas = 10 − r_obs.
    @Test func binsMeanAndMedian() {
        // Angles (x = col, y = row): 0.01 rad twice (r 9 and 7 → deltas 1, 3) and 0.02 rad (r 8 → 2):
        // all in bin 90 ([0, 2π/180)); π/2 + 0.01 (r 12 → −2) in bin 135.
        let pts: [(Double, Double)] = [(0.01, 9), (0.01, 7), (0.02, 8), (Double.pi / 2 + 0.01, 12)]
        let contour = Contour(rows: pts.map { 5 + $0.1 * sin($0.0) }, cols: pts.map { 3 + $0.1 * cos($0.0) }, isClosed: true)
        let circle = Ellipse(xc: 3, yc: 5, a: 10, b: 10, theta: 0.3)
        let mean = DentProfile(contour: contour, ellipse: circle, aggregation: .mean)
        #expect(abs(mean.deltaPx[90]! - 2) < 1e-9)            // (1 + 3 + 2) / 3
        #expect(abs(mean.deltaPx[135]! - -2) < 1e-9)
        #expect(mean.deltaPx.compactMap { $0 }.count == 2)
        #expect(abs(mean.maxDentPx - 2) < 1e-9)
        #expect(abs(mean.maxDentAngle - Double.pi / 180) < 1e-12)  // centre of bin 90
        let median = DentProfile(contour: contour, ellipse: circle, aggregation: .median)
        #expect(abs(median.deltaPx[90]! - 2) < 1e-9)          // median of {1, 3, 2}
    }

    @Test func medianOfEvenCountAveragesTheMiddlePair() {
        var v: [Double] = [4, 1, 3, 2]
        #expect(DentProfile.aggregate(&v, .median) == 2.5)
    }

    @Test func ellipseRadiusAlongAxes() {
        // a = 10 along θ = 0.5, b = 4: radius a along 0.5, b along 0.5 + π/2.
        let e = Ellipse(xc: 0, yc: 0, a: 10, b: 4, theta: 0.5)
        #expect(abs(e.radius(atPolarAngle: 0.5) - 10) < 1e-12)
        #expect(abs(e.radius(atPolarAngle: 0.5 + Double.pi / 2) - 4) < 1e-12)
        #expect(abs(e.radius(alongDX: cos(1.2), dy: sin(1.2), cosTheta: cos(0.5), sinTheta: sin(0.5))
                    - e.radius(atPolarAngle: 1.2)) < 1e-12)
    }
}

struct CanAxisTests {
    @Test func tiltFromCentresOnAnisotropicVoxels() throws {
        // Centres move +1 px in x per slice, y fixed; voxel x 0.03 mm, z 0.06 mm:
        // slope 0.03/0.06 = 0.5 → tilt atan(0.5) = 26.565°; exact line → zero slope std.
        let centres = (0..<5).map { (slice: $0 * 2, x: 100 + 2 * Double($0), y: 50.0) }
        let axis = try #require(CanAxis(centres: centres, voxelSize: VoxelSize(x: 0.03, y: 0.03, z: 0.06)))
        #expect(abs(axis.tiltDegrees - atan(0.5) * 180 / Double.pi) < 1e-9)
        #expect(abs(axis.slopeX - 0.5) < 1e-12 && abs(axis.slopeY) < 1e-12)
        #expect(axis.tiltStdDegrees < 1e-9)
        #expect(abs(axis.azimuthDegrees) < 1e-9)
        #expect(abs(axis.interceptX - 3.0) < 1e-12)   // 100 px × 0.03 mm
    }

    @Test func slopeUncertaintyFromResiduals() throws {
        // y = 0 except ±1 px alternating noise at z = 0…3 (voxel 1 mm): residuals of the fit
        // to (0,+1) (1,−1) (2,+1) (3,−1): slope −0.4, intercept 0.6, Σres² = 3.2,
        // σ_slope = sqrt(3.2 / 2 / 5) = 0.5657.
        let centres = [(slice: 0, x: 0.0, y: 1.0), (slice: 1, x: 0.0, y: -1.0), (slice: 2, x: 0.0, y: 1.0), (slice: 3, x: 0.0, y: -1.0)]
        let axis = try #require(CanAxis(centres: centres, voxelSize: VoxelSize(isotropic: 1)))
        #expect(abs(axis.slopeY - -0.4) < 1e-12)
        #expect(abs(axis.slopeYStd - (3.2 / 2 / 5).squareRoot()) < 1e-12)
        #expect(abs(axis.tiltDegrees - atan(0.4) * 180 / Double.pi) < 1e-9)
        // σ_tilt = |sy|·σsy / (s·(1 + s²)) = 0.5657 / 1.16 rad.
        #expect(abs(axis.tiltStdDegrees - (3.2 / 10).squareRoot() / 1.16 * 180 / Double.pi) < 1e-9)
    }
}
