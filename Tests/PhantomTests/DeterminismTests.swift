import Foundation
import Imaging
import Testing
@testable import Phantom

@Suite struct DeterminismTests {
    @Test func sameSeedSameSliceInAnyOrder() throws {
        let a = try PhantomVolume(spec: .nominal), b = try PhantomVolume(spec: .nominal)
        let a7 = try a.slice(7), a3 = try a.slice(3)
        let b3 = try b.slice(3), b7 = try b.slice(7)
        #expect(a7 == b7 && a3 == b3)
        #expect(try a.slice(7) == a7)
        let other = try PhantomVolume(spec: PhantomSpec.nominal.withSeed(2)).slice(7)
        let differing = zip(other.pixels, a7.pixels).filter { $0 != $1 }.count
        #expect(differing > a7.count / 2, "another seed changes \(differing) of \(a7.count) pixels")
        // Neighbouring slices get different noise, not shifted copies of one stream.
        let a8 = try a.slice(8)
        #expect(zip(a8.pixels, a7.pixels).filter { $0 != $1 }.count > a7.count / 2)
    }

    @Test func slicesRenderedConcurrentlyEqualSequentialOnes() async throws {
        let volume = try PhantomVolume(spec: .nominal)
        let sequential = try (0 ..< 8).map { try volume.slice($0) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, GrayImage).self) { group in
            for z in (0 ..< 8).reversed() { group.addTask { (z, try volume.slice(z)) } }
            var result = [GrayImage?](repeating: nil, count: 8)
            for try await (z, image) in group { result[z] = image }
            return result.map { $0! }
        }
        #expect(concurrent == sequential)
    }

    @Test func outOfRangeSliceAndBadSpecsThrowSayingWhy() throws {
        let volume = try PhantomVolume(spec: .nominal)
        #expect(throws: PhantomError.sliceOutOfRange(index: 48, depth: 48)) { try volume.slice(48) }
        var tooBig = PhantomSpec.nominal
        tooBig.roll.turns = 20
        #expect(throws: PhantomError.self) { try PhantomVolume(spec: tooBig) }
    }

    @Test func truthRoundTripsThroughJSON() throws {
        let truth = try PhantomVolume(spec: PhantomSpec.nominal.withDent(depth: 0.2, angleDegrees: 45).withNegativeOverhang(layer: 2)).truth
        let data = try truth.jsonData()
        let decoded = try JSONDecoder().decode(PhantomTruth.self, from: data)
        #expect(decoded == truth)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"px\"") && text.contains("\"mm\"") && text.contains("\"expectedLayerCount\""))
        #expect(decoded.overhangs.layers[2].length.mm == -0.2 && decoded.overhangs.negativeCount == 1)
        // The spec itself round-trips, so a scan can be regenerated from its truth file.
        #expect(decoded.spec == truth.spec)
    }

    @Test func fastAtan2MatchesLibm() {
        var worst = 0.0
        for i in 0 ..< 10_000 {
            let t = Double(i) / 10_000 * 2 * .pi
            let (y, x) = (sin(t) * 3.7, cos(t) * 3.7)
            worst = max(worst, abs(FastMath.atan2(y, x) - Foundation.atan2(y, x)))
        }
        #expect(worst < 5e-8, "largest error \(worst) rad")
    }

    @Test func productionSizeSliceStreams() throws {
        let volume = try PhantomVolume(spec: .productionSize)
        #expect(volume.shape == VolumeShape(width: 1000, height: 1000, depth: 2000))
        let image = try volume.slice(1500)
        #expect(image.width == 1000 && image.height == 1000)
        #expect(image.pixels.filter { $0 > 61000 }.count > 20_000)   // the can ring at 16-bit
        let truth = volume.truth
        #expect(truth.winding.expectedLayerCount == 21)                 // 20 turns from 180°: 1 + 19 + 1 pieces
        #expect(abs(truth.can.outerSemiMajor.px - 9.0 / 0.019) < 1e-9)
    }
}
