import Foundation
import Testing
import Imaging
import Phantom
@testable import Analysis

/// The cell axis of a phantom, from its ground truth (the can centre per slice).
func phantomAxis(_ truth: PhantomTruth) -> AxisLine {
    let last = Double(truth.shape.depth - 1)
    let a = truth.canCentre(slice: 0), b = truth.canCentre(slice: last)
    return AxisLine(first: .init(x: a.col, y: a.row), atSlice: 0, last: .init(x: b.col, y: b.row), atSlice: last)
}

func value(_ report: AnalysisReport<OverhangDetails>, _ id: MetricID) -> Double? {
    report.measurements.first { $0.id == id }?.value
}

@Suite("Overhang analysis on phantoms")
struct OverhangPhantomTests {
    /// Per-layer overhangs 0.5–1.5 mm, two negative (−0.2 mm), three deflected.
    static let lengths = [0.6, 0.8, -0.2, 1.0, 1.2, 1.5, -0.2, 0.5]
    static let deflections = [1: 15.0, 4: 10.0, 5: 20.0]

    static func defectSpec() -> PhantomSpec {
        var spec = PhantomSpec().withOverhangs(lengths)
        spec.overhangs.cathodeTop = 1.8   // slice 30 of 48: room for 1.5 mm above it
        spec.overhangs.deflections = deflections.map { PhantomSpec.Deflection(layer: $0.key, angleDegrees: $0.value) }
        return spec
    }

    @Test("Count, lengths, negatives, deflections and base spread match the phantom truth")
    func defectPhantom() async throws {
        let volume = try PhantomVolume(spec: Self.defectSpec())
        let truth = volume.truth
        let vz = truth.voxelSize.z
        let result = try await OverhangAnalysis().run(volume, axis: phantomAxis(truth), top: 0..<truth.shape.depth)
        let report = result.report
        let regions = report.details.overhangs
        let halfPlanes = 2 * AngularReslice(radius: 1).anglesDegrees.count   // 72: each turn crosses each once
        let positive = truth.overhangs.layers.filter { $0.length.mm > 0 }
        let negative = truth.overhangs.layers.filter { $0.length.mm < 0 }

        // Count: positive turns × half-planes, within 5 %.
        let expectedCount = Double(positive.count * halfPlanes)
        let count = try #require(value(report, .overhangCount))
        #expect(abs(count - expectedCount) <= 0.05 * expectedCount, "count \(count), expected \(expectedCount)")

        // Mean length within one voxel of the mean over the positive turns.
        let expectedMean = positive.map(\.length.mm).reduce(0, +) / Double(positive.count)
        let mean = try #require(value(report, .overhangLengthMean))
        #expect(abs(mean - expectedMean) <= vz, "mean length \(mean) mm, expected \(expectedMean) mm")

        // Negative ends: every half-plane of every negative turn, and the least overhang ≈ −0.2 mm.
        let negatives = try #require(value(report, .overhangNegativeCount))
        let expectedNegatives = Double(negative.count * halfPlanes)
        #expect(abs(negatives - expectedNegatives) <= 0.05 * expectedNegatives,
                "negative ends \(negatives), expected \(expectedNegatives)")
        let least = try #require(value(report, .overhangLengthMin))
        #expect(abs(least - (-0.2)) <= vz, "least overhang \(least) mm")

        // Base deviation: the cathode tops are level, so the spread is below one slice.
        let baseStd = try #require(value(report, .overhangBaseDeviationStd))
        #expect(baseStd <= vz + truth.overhangs.baseStd.mm, "base deviation std \(baseStd) mm")

        // Deflection: each region is matched to its turn by radius (the anode spiral
        // r = innerRadius + pitch·(φ/2π + k), φ from the start angle toward growing
        // cell angle θ = atan2(col, row)); every region of a deflected turn must read
        // its angle within 2°, no other region may read as deflected.
        let spec = Self.defectSpec()
        func turn(of r: OverhangRegion) -> Int {
            let a = r.angleDegrees * .pi / 180
            var theta = atan2(cos(a), sin(a)) * 180 / .pi + (r.radialPositionMM < 0 ? 180 : 0)
            theta = (theta - spec.roll.startAngleDegrees).truncatingRemainder(dividingBy: 360)
            if theta < 0 { theta += 360 }
            let radius = abs(r.radialPositionMM)
            return (0..<spec.roll.turns).min { k, l in
                abs(spec.roll.innerRadius + spec.roll.pitch * (theta / 360 + Double(k)) - radius)
                    < abs(spec.roll.innerRadius + spec.roll.pitch * (theta / 360 + Double(l)) - radius)
            }!
        }
        var worst = 0.0, falseDeflections = 0
        for r in regions {
            if let want = Self.deflections[turn(of: r)] {
                let got = try #require(r.deflectionDegrees, "region \(r.label) of \(r.lengthSlices) rows has no deflection")
                worst = max(worst, abs(got - want))
            } else if r.isDeflected {
                falseDeflections += 1
            }
        }
        #expect(worst <= 2, "largest deflection error \(worst)°")
        #expect(falseDeflections == 0)
        print("phantom: count \(count)/\(expectedCount), mean \(mean)/\(expectedMean) mm, negatives \(negatives), least \(least) mm, base std \(baseStd) mm, worst deflection error \(worst)°, false deflections \(falseDeflections)")
    }

    @Test("Nominal phantom: every overhang 0.36 mm, none deflected, none negative")
    func nominalPhantom() async throws {
        let volume = try PhantomVolume(spec: .nominal)
        let truth = volume.truth
        let result = try await OverhangAnalysis().run(volume, axis: phantomAxis(truth), top: 0..<truth.shape.depth)
        let report = result.report
        let expectedCount = Double(truth.overhangs.layers.count * 72)
        let count = try #require(value(report, .overhangCount))
        #expect(abs(count - expectedCount) <= 0.05 * expectedCount, "count \(count), expected \(expectedCount)")
        let mean = try #require(value(report, .overhangLengthMean))
        #expect(abs(mean - truth.overhangs.lengthMean.mm) <= truth.voxelSize.z, "mean \(mean) mm")
        let deflected = report.details.overhangs.filter(\.isDeflected).count
        #expect(deflected == 0, "\(deflected) of \(count) regions read as deflected")
        #expect(value(report, .overhangNegativeCount) == 0)
        print("nominal: count \(count)/\(expectedCount), mean \(mean) mm, deflected \(deflected), max |deflection| \(report.details.overhangs.compactMap { $0.deflectionDegrees.map(abs) }.max() ?? 0)°")
    }

    /// A fine-voxel cell like the production scans (16-bit, 0.12 mm layers, 0.35 mm
    /// pitch), small enough for a test, every anode 0.38 mm above its cathode:
    /// - 0.019 mm voxels (layers 6.3 px, as `productionSize`): a 6 mm can, 3 turns per
    ///   strip, 56 slices, the cathodes ending at slice 36 and the anodes 20 slices above;
    /// - 0.012 mm voxels (layers 10 px, wider than twice the default peak window): a
    ///   4.4 mm can, 2 turns per strip, 80 slices, cathodes ending at slice 60, anodes
    ///   31.7 slices above.
    static func fineVoxelSpec(voxelMM: Double) -> PhantomSpec {
        var s = PhantomSpec.productionSize
        s.voxelSize = VoxelSize(isotropic: voxelMM)
        if voxelMM >= 0.019 {
            s.width = 330; s.height = 330; s.depth = 56
            s.can.outerDiameter = 6.0
            s.roll.innerRadius = 1.0
            s.roll.turns = 3
            s.overhangs.cathodeTop = 0.019 * 36
        } else {
            s.width = 380; s.height = 380; s.depth = 80
            s.can.outerDiameter = 4.4
            s.roll.innerRadius = 0.8
            s.roll.turns = 2
            s.overhangs.cathodeTop = 0.72
        }
        s.overhangs.anodeOverhang = 0.38
        return s
    }

    @Test("Fine voxels (layers 6 and 10 px wide): every anode end found 0.38 mm above its cathode, none negative",
          arguments: [0.019, 0.012])
    func fineVoxelPhantom(voxelMM: Double) async throws {
        let volume = try PhantomVolume(spec: Self.fineVoxelSpec(voxelMM: voxelMM))
        let truth = volume.truth
        let vz = truth.voxelSize.z
        let result = try await OverhangAnalysis().run(volume, axis: phantomAxis(truth), top: 0..<truth.shape.depth)
        let report = result.report
        let want = truth.overhangs.lengthMean.mm   // 0.38 mm for every turn
        // Each of the 36 sections crosses every anode turn once in each half-plane.
        let expectedCount = Double(truth.overhangs.layers.count * 72)
        let ends = report.details.layerEnds
        #expect(abs(Double(ends.count) - expectedCount) <= 0.05 * expectedCount, "\(ends.count) ends, expected \(expectedCount)")
        #expect(value(report, .overhangNegativeCount) == 0)
        // Every end within 0.05 mm of the truth (a track that slipped onto the separator
        // or a phantom anode on a cathode's plateau reads ≈ 0 or below).
        let worst = ends.map { abs($0.overhangMM - want) }.max() ?? .infinity
        #expect(worst <= 0.05, "worst end \(worst) mm from \(want) mm")
        let endMean = ends.map(\.overhangMM).reduce(0, +) / Double(max(1, ends.count))
        #expect(abs(endMean - want) <= vz, "mean end overhang \(endMean) mm, expected \(want) mm")
        // Regions span whole rows: their mean length within one voxel of the truth.
        let count = try #require(value(report, .overhangCount))
        #expect(abs(count - expectedCount) <= 0.05 * expectedCount, "count \(count), expected \(expectedCount)")
        let mean = try #require(value(report, .overhangLengthMean))
        #expect(abs(mean - want) <= vz, "mean length \(mean) mm, expected \(want) mm")
        print("fine voxels \(voxelMM) mm: \(ends.count) ends (expected \(expectedCount)), mean end overhang \(endMean) mm, worst deviation \(worst) mm, regions \(count), mean length \(mean) mm (truth \(want) mm)")
    }
}
