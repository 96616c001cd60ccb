import Foundation
import Imaging
import Testing
@testable import Phantom

/// Tilt, cupping, noise and blur knobs produce what the truth says.
@Suite struct ScanQualityTests {
    /// Can centre from its outer edge, sub-pixel: along 36 chords through `p`, the
    /// midpoint of the two midway crossings is the projection of the centre onto the
    /// chord; averaged over directions it is `p + (centre − p)/2`.
    /// (A thresholded mask's centroid is pixel-quantised: 0.25 px off here.)
    func ringCentroid(_ image: GrayImage, threshold: Double) -> PhantomTruth.PixelPoint {
        let p = PhantomTruth.PixelPoint(row: 160, col: 160)
        var sr = 0.0, sc = 0.0
        for angle in stride(from: 0.0, to: 180, by: 5) {
            let a = Probe.crossings(image, centre: p, thetaDegrees: angle, level: threshold, from: 140, to: 158).last!.r
            let b = Probe.crossings(image, centre: p, thetaDegrees: angle + 180, level: threshold, from: 140, to: 158).last!.r
            let t = angle * .pi / 180
            sr += (a - b) / 2 * cos(t)
            sc += (a - b) / 2 * sin(t)
        }
        return PhantomTruth.PixelPoint(row: p.row + 2 * sr / 36, col: p.col + 2 * sc / 36)
    }

    @Test func tiltMovesTheRingCentreByTanTiltPerSlice() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless().withTilt(degrees: 2, azimuthDegrees: 90))
        let truth = volume.truth
        let perSlice = 0.06 * tan(2 * Double.pi / 180) / 0.06   // px per slice along +col
        #expect(abs(truth.can.centreShiftPerSlice.col - perSlice) < 1e-12 && abs(truth.can.centreShiftPerSlice.row) < 1e-12)
        let first = ringCentroid(try volume.noiselessSlice(0), threshold: truth.thresholds.canMidway)
        let last = ringCentroid(try volume.noiselessSlice(47), threshold: truth.thresholds.canMidway)
        #expect(abs((last.col - first.col) - 47 * perSlice) < 0.1, "centre moved \(last.col - first.col) px, truth \(47 * perSlice)")
        #expect(abs(last.row - first.row) < 0.05)
        for z in [0, 47] {
            let measured = ringCentroid(try volume.noiselessSlice(z), threshold: truth.thresholds.canMidway)
            let stated = truth.canCentre(slice: Double(z))
            #expect(abs(measured.col - stated.col) < 0.1 && abs(measured.row - stated.row) < 0.1, "slice \(z): \(measured) vs \(stated)")
        }
    }

    @Test func cuppingFollowsTheStatedLaw() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless().withCupping(0.3))
        let truth = volume.truth
        let image = try volume.noiselessSlice(30)
        let c = truth.can.centreAtPivot
        let bigR = truth.quality.cuppingRadius.px
        #expect(bigR == 145 && abs(truth.quality.cuppingRatio - 0.7) < 1e-12)
        // At the axis: void × (1 − c).
        #expect(abs(Double(image[Int(c.row), Int(c.col)]) - 25 * 0.7) < 1e-3)
        // Cathode centre pixels down the image at 42 + 12k px: cathode × (1 − c(1 − (r/R)²)).
        for k in [0, 3, 7] {
            let r = 42 + 12 * Double(k)
            let expected = 78 * (1 - 0.3 * (1 - r * r / (bigR * bigR)))
            #expect(abs(Double(image[Int(c.row + r), Int(c.col)]) - expected) < 1e-3, "turn \(k)")
        }
    }

    @Test(arguments: [PhantomSpec.BitDepth.eight, .sixteen])
    func noiseSigmaInAFlatRegion(depth: PhantomSpec.BitDepth) throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.withBitDepth(depth))
        let truth = volume.truth
        let image = try volume.slice(12)
        // The four 40×40 corners lie outside the can (171 px from the axis > 150): flat air.
        var values: [Double] = []
        for (r0, c0) in [(0, 0), (0, 280), (280, 0), (280, 280)] {
            for row in r0 ..< r0 + 40 { for col in c0 ..< c0 + 40 { values.append(Double(image[row, col])) } }
        }
        let (mean, std) = Probe.meanStd(values)
        #expect(abs(std - truth.quality.noiseSigma) / truth.quality.noiseSigma < 0.05,
                "measured sigma \(std), truth \(truth.quality.noiseSigma)")
        #expect(abs(mean - truth.levels.air) < 0.1 * truth.quality.noiseSigma)
    }

    @Test func snrHelperMatchesItsDefinition() throws {
        let spec = PhantomSpec.nominal.withSNR(10)
        #expect(abs(spec.quality.noiseSigma - 4.3) < 1e-12)   // (78 − 35)/10
        #expect(abs(spec.snr - 10) < 1e-12)
        #expect(PhantomTruth(spec: spec).quality.snr.map { abs($0 - 10) < 1e-12 } == true)
        #expect(PhantomTruth(spec: spec.noiseless()).quality.snr == nil)
        // Measured: the cathode/separator contrast over the noise sigma of a flat region.
        let image = try PhantomVolume(spec: spec).slice(30)
        var air: [Double] = []
        for row in 0 ..< 40 { for col in 0 ..< 40 { air.append(Double(image[row, col])) } }
        let measured = (78 - 35) / Probe.meanStd(air).std
        #expect(abs(measured - 10) / 10 < 0.06, "measured SNR \(measured)")
    }

    @Test func blurSpreadsAnEdgeByItsSigma() throws {
        // A 1.2 mm (20 px) wall, so the blurred outer edge reaches the full can level.
        var spec = PhantomSpec.nominal.noiseless().withBlur(sigma: 2)
        spec.can.wallThickness = 1.2
        spec.roll.turns = 6
        let volume = try PhantomVolume(spec: spec)
        let image = try volume.slice(24)
        // Along the centre row the outer edge sits at col 310 (inner edge at 290).
        // The profile's finite differences form the edge's line-spread function; its
        // variance = σ² + 1/12 (partial-volume box) + 1/12 (the difference operator).
        var weight = 0.0, first = 0.0, second = 0.0
        for col in 299 ..< 318 {
            let d = Double(image[160, col] - image[160, col + 1])
            let x = Double(col) + 0.5
            weight += d; first += d * x; second += d * x * x
        }
        let mean = first / weight
        let sigma = (second / weight - mean * mean - 2.0 / 12).squareRoot()
        #expect(abs(mean - 310) < 0.05, "edge at \(mean)")
        #expect(abs(sigma - 2) < 0.05, "blur sigma \(sigma) px (truth 2)")
    }
}
