import Foundation
import Imaging
import Testing
@testable import Phantom

/// The jelly roll as rendered matches its spiral and the layer truth.
@Suite struct WindingGeometryTests {
    /// Nominal: anode centre r = 30 + 12·φ/2π px, cathode 6 px further, start at 180°.
    func expectedRadius(_ strip: PhantomSpec.Strip, thetaDegrees: Double, turn k: Int) -> Double {
        var phase = (thetaDegrees - 180).truncatingRemainder(dividingBy: 360)
        if phase < 0 { phase += 360 }
        return 30 + (strip == .cathode ? 6 : 0) + 12 * (Double(k) + phase / 360)
    }

    @Test(arguments: [10.0, 45, 100, 179, 181, 250, 333])
    func stripRadiiFollowTheArchimedeanSpiral(thetaDegrees: Double) throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless())
        let truth = volume.truth
        let image = try volume.noiselessSlice(30)
        let levels = truth.levels
        for (strip, level) in [(PhantomSpec.Strip.cathode, (levels.cathode + levels.separator) / 2),
                               (.anode, (levels.anode + levels.separator) / 2)] {
            let centres = Probe.runCentres(image, centre: truth.winding.centre, thetaDegrees: thetaDegrees,
                                           level: level, from: 20, to: 140)
            for k in 0 ..< 8 {
                let expected = expectedRadius(strip, thetaDegrees: thetaDegrees, turn: k)
                #expect(abs(truth.stripRadius(strip, turn: k, thetaDegrees: thetaDegrees).px - expected) < 1e-9)
                let nearest = centres.min { abs($0 - expected) < abs($1 - expected) } ?? .nan
                #expect(abs(nearest - expected) < 0.5, "\(strip) turn \(k) at \(thetaDegrees)°: \(nearest) px, spiral \(expected) px")
            }
        }
    }

    @Test func truthLayerLinesLieOnTheCathodeStrips() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless())
        let truth = volume.truth
        let image = try volume.noiselessSlice(30)
        let level = (truth.levels.cathode + truth.levels.separator) / 2
        let cathodeLayers = truth.winding.layers.filter { $0.strip == .cathode }
        // Start at 180° with 8 whole turns: a half turn, 7 full turns between seam crossings, a half turn.
        #expect(cathodeLayers.count == 9)
        #expect(abs(truth.winding.slopePxPerDegree - 12.0 / 360) < 1e-12)
        for layer in cathodeLayers {
            for f in [0.1, 0.5, 0.9] {
                let theta = layer.thetaStartDegrees + f * (layer.thetaEndDegrees - layer.thetaStartDegrees)
                let predicted = layer.interceptPx + layer.slopePxPerDegree * theta
                let centres = Probe.runCentres(image, centre: truth.winding.centre, thetaDegrees: theta, level: level, from: 20, to: 140)
                let nearest = centres.min { abs($0 - predicted) < abs($1 - predicted) } ?? .nan
                #expect(abs(nearest - predicted) < 0.5, "layer turn \(layer.turn) at \(theta)°: \(nearest) vs line \(predicted)")
            }
        }
    }

    @Test func seamCutGivesTheExpectedLayerCount() throws {
        // docs/method.md step 5 on the phantom: electrode = im > 52, can removed, the column
        // at 0° below the centre removed, 8-connected pieces larger than 64 px.
        for spec in [PhantomSpec.nominal, PhantomSpec.nominal.noiseless()] {
            let volume = try PhantomVolume(spec: spec)
            let truth = volume.truth
            let image = try volume.slice(30)
            let c = truth.winding.centre
            var mask = image.map { Double($0) > truth.thresholds.electrodeReference }
            for row in 0 ..< mask.height { for col in 0 ..< mask.width {
                let r = hypot(Double(row) - c.row, Double(col) - c.col)
                if r > truth.can.innerSemiMinor.px - 2 || (Double(col) == c.col && Double(row) > c.row) { mask[row, col] = false }
            } }
            let count = Probe.componentCount(mask, minSize: 64)
            #expect(truth.winding.expectedLayerCount == 9)
            #expect(count == truth.winding.expectedLayerCount, "found \(count) layers, truth \(truth.winding.expectedLayerCount) (noise \(spec.quality.noiseSigma))")
        }
    }

    @Test func buckleDisplacesItsLayersOnlyWhereStated() throws {
        // The outer roll bulges: both strips' turns 3…7 move 0.3 mm = 5 px outward at 60°,
        // 40° wide, in slices 30…40 (1.8…2.4 mm).
        var spec = PhantomSpec.nominal.noiseless()
        for strip in PhantomSpec.Strip.allCases {
            spec = spec.withBuckle(strip: strip, layers: Array(3 ... 7), amplitude: 0.3, angleDegrees: 60, widthDegrees: 40, axialRange: 1.8 ... 2.4)
        }
        let volume = try PhantomVolume(spec: spec)
        let truth = volume.truth
        #expect(truth.winding.buckles.count == 2 && abs(truth.winding.buckles[0].amplitude.px - 5) < 1e-9)
        let level = (truth.levels.cathode + truth.levels.separator) / 2
        func cathodeTurn3(slice: Int, theta: Double) throws -> Double {
            let image = try volume.noiselessSlice(slice)
            let expected = expectedRadius(.cathode, thetaDegrees: theta, turn: 3)
            let centres = Probe.runCentres(image, centre: truth.winding.centre, thetaDegrees: theta, level: level, from: 20, to: 140)
            return (centres.min { abs($0 - expected - 2.5) < abs($1 - expected - 2.5) } ?? .nan) - expected
        }
        #expect(abs(try cathodeTurn3(slice: 35, theta: 60) - 5) < 0.3)
        #expect(abs(try cathodeTurn3(slice: 35, theta: 70) - 2.5) < 0.3)   // cos²(π/4) = 1/2
        #expect(abs(try cathodeTurn3(slice: 35, theta: 90)) < 0.3)
        #expect(abs(try cathodeTurn3(slice: 45, theta: 60)) < 0.3)
    }
}
