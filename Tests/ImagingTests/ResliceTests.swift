import Foundation
import Testing
@testable import Imaging

/// A volume whose grey value is a known linear function of position, so every
/// bilinear sample has an exact expected value.
private func linearVolume(width: Int, height: Int, depth: Int,
                          _ f: (Double, Double, Double) -> Double) -> InMemoryVolume {
    let slices = (0..<depth).map { z in
        GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { i in
            Float(f(Double(i % width), Double(i / width), Double(z)))
        })
    }
    return InMemoryVolume(slices: slices, voxelSize: VoxelSize(isotropic: 0.01))
}

@Suite("Angular reslicing")
struct ResliceTests {
    @Test("Angles 0…175 in 5° steps; a custom step")
    func angleGrid() {
        #expect(AngularReslice(radius: 3).anglesDegrees.count == 36)
        #expect(AngularReslice(radius: 3).anglesDegrees.last == 175)
        #expect(AngularReslice(angleStepDegrees: 7.5, radius: 3).anglesDegrees.count == 24)
    }

    @Test("5×5 hand case: 0° is the row through the axis, 90° the column")
    func handCase() async throws {
        // pixel value = 10·row + col, one slice; axis through (x 2, y 2).
        let image = GrayImage(width: 5, height: 5, pixels: (0..<25).map { Float(($0 / 5) * 10 + $0 % 5) })
        let volume = InMemoryVolume(slices: [image], voxelSize: VoxelSize(isotropic: 1))
        let sections = try await AngularReslice(angleStepDegrees: 90, radius: 2)
            .sections(of: volume, axis: .vertical(through: .init(x: 2, y: 2)), slices: 0..<1)
        #expect(sections.count == 2)
        #expect(sections[0].image.pixels == [20, 21, 22, 23, 24])
        // 90°: direction +y, so u = -2 is row 0.
        for (got, want) in zip(sections[1].image.pixels, [2, 12, 22, 32, 42] as [Float]) {
            #expect(abs(got - want) < 1e-4)
        }
    }

    @Test("Tilted, off-centre axis on a linear volume: exact to 1e-3 grey levels")
    func tiltedAxisLinearVolume() async throws {
        let f: (Double, Double, Double) -> Double = { x, y, z in 2 * x + 3 * y + 5 * z + 7 }
        let volume = linearVolume(width: 64, height: 64, depth: 12, f)
        // The axis moves 0.35 px in x and −0.2 px in y per slice: about 22° of tilt
        // with isotropic voxels, far more than any real cell, so a plane that
        // ignored the tilt would be off by several grey levels.
        let axis = AxisLine(first: .init(x: 30.3, y: 33.7), atSlice: 0,
                            last: .init(x: 30.3 + 0.35 * 11, y: 33.7 - 0.2 * 11), atSlice: 11)
        let reslice = AngularReslice(angleStepDegrees: 15, radius: 20)
        let sections = try await reslice.sections(of: volume, axis: axis, slices: 2..<12)
        var worst = 0.0
        for section in sections {
            let theta = section.angleDegrees * Double.pi / 180
            for row in 0..<section.image.height {
                let z = Double(section.slice(row: row))
                let c = axis.point(atSlice: z)
                for col in 0..<section.image.width {
                    let u = Double(section.radialPosition(column: col))
                    let want = f(c.x + u * cos(theta), c.y + u * sin(theta), z)
                    worst = max(worst, abs(Double(section.image[row, col]) - want))
                }
            }
        }
        #expect(sections.count == 12)
        #expect(sections[0].firstSlice == 2 && sections[0].image.height == 10)
        #expect(worst < 1e-3, "largest deviation from the analytic value: \(worst)")
    }

    @Test("A sharp vertical plane is found at its analytic sub-pixel position")
    func planeEdgePosition() async throws {
        // Grey 100 where x > 40.25 (a step edge), sampled along 0° through x = 32.5:
        // the bilinear profile crosses 50 exactly halfway between the pixels 40 and 41,
        // i.e. at u = 40.5 − 32.5 = 8.0.
        let volume = linearVolume(width: 64, height: 64, depth: 3) { x, _, _ in x > 40.25 ? 100 : 0 }
        let sections = try await AngularReslice(angleStepDegrees: 90, radius: 20)
            .sections(of: volume, axis: .vertical(through: .init(x: 32.5, y: 20)), slices: 0..<3)
        let row = (0..<41).map { sections[0].image[1, $0] }
        let i = try #require(row.firstIndex { $0 >= 50 })
        let crossing = Double(i - 1) + Double((50 - row[i - 1]) / (row[i] - row[i - 1])) - 20
        #expect(abs(crossing - 8.0) < 0.01, "edge at u = \(crossing)")
    }
}
