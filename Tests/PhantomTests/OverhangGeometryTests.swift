import Foundation
import Imaging
import Testing
@testable import Phantom

/// Strip ends at the top of the roll, seen along vertical lines through the roll.
@Suite struct OverhangGeometryTests {
    static let lengths = [0.36, 0.24, -0.12, 0.48, 0.30, 0.42, -0.24, 0.36]   // mm per anode turn
    static let offsets = [0, 0.06, 0, -0.06, 0, 0, 0.12, 0]                  // cathode tops, mm

    func spec() -> PhantomSpec {
        var s = PhantomSpec.nominal.noiseless().withOverhangs(Self.lengths)
        s.overhangs.cathodeTopOffsets = Self.offsets
        return s
    }

    /// Fractional slice where the profile down a vertical line first reaches `level`.
    func firstCrossing(_ slices: [GrayImage], row: Int, col: Int, level: Double) -> Double {
        var previous = Double(slices[0][row, col])
        for z in 1 ..< slices.count {
            let value = Double(slices[z][row, col])
            if value >= level, previous < level { return Double(z - 1) + (level - previous) / (value - previous) }
            previous = value
        }
        return .nan
    }

    @Test func stripEndHeightsPerLayer() throws {
        let volume = try PhantomVolume(spec: spec())
        let truth = volume.truth
        #expect(truth.overhangs.negativeCount == 2)
        #expect(abs(truth.overhangs.lengthMean.mm - Self.lengths.reduce(0, +) / 8) < 1e-12)
        let c = truth.winding.centre
        let levels = truth.levels
        let slices = try (0 ..< volume.shape.depth).map { try volume.noiselessSlice($0) }
        for layer in truth.overhangs.layers {
            // θ = 0 is straight down the image: anode turn k crosses at 36 + 12k px.
            #expect(abs(layer.radiusAtSeamPx - (36 + 12 * Double(layer.layer))) < 1e-9)
            let anodeTip = firstCrossing(slices, row: Int((c.row + layer.radiusAtSeamPx).rounded()), col: Int(c.col),
                                             level: (levels.anode + levels.separator) / 2)
            #expect(abs(anodeTip - layer.tip.slice) < 1, "anode \(layer.layer): tip at slice \(anodeTip), truth \(layer.tip.slice)")
            let cathodeTop = firstCrossing(slices, row: Int((c.row + layer.radiusAtSeamPx + 6).rounded()), col: Int(c.col),
                                               level: (levels.cathode + levels.separator) / 2)
            #expect(abs(cathodeTop - layer.base.slice) < 1, "cathode \(layer.layer): top at slice \(cathodeTop), truth \(layer.base.slice)")
            #expect(abs((layer.base.slice - layer.tip.slice) - layer.length.px) < 1e-9)
        }
    }

    @Test func deflectedAnodeLeansByItsAngle() throws {
        // Anode turn 5: base 0.96 mm (slice 16), tip 0.42 mm above; leaning 15° outward.
        let volume = try PhantomVolume(spec: spec().withDeflection(layers: [5], angleDegrees: 15))
        let truth = volume.truth
        #expect(truth.overhangs.layers[5].deflectionDegrees == 15)
        let level = (truth.levels.anode + truth.levels.separator) / 2
        for z in [11, 14] {
            let image = try volume.noiselessSlice(z)
            let shift = (0.96 - Double(z) * 0.06) * tan(15 * Double.pi / 180) / 0.06
            let expected = 96 + shift
            let centres = Probe.runCentres(image, centre: truth.winding.centre, thetaDegrees: 0, level: level, from: 90, to: 102)
            let nearest = centres.min { abs($0 - expected) < abs($1 - expected) } ?? .nan
            #expect(abs(nearest - expected) < 0.3, "slice \(z): anode 5 at \(nearest) px, expected \(expected) (shift \(shift))")
        }
    }

    @Test func rollBottomEndsTheStrips() throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.noiseless().withRollBottom(2.4))   // slice 40
        let truth = volume.truth
        #expect(truth.overhangs.rollBottom?.slice == 40)
        let c = truth.winding.centre
        let cathodeRow = Int(c.row) + 42
        #expect(try volume.noiselessSlice(39)[cathodeRow, Int(c.col)] == Float(truth.levels.cathode))
        #expect(abs(Double(try volume.noiselessSlice(40)[cathodeRow, Int(c.col)]) - (truth.levels.cathode + truth.levels.separator) / 2) < 1e-3)
        #expect(try volume.noiselessSlice(45)[cathodeRow, Int(c.col)] == Float(truth.levels.void))
    }
}
