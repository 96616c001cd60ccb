import Foundation
import Testing
@testable import Imaging

@Suite("Region properties (scikit-image regionprops definitions)")
struct RegionPropertiesTests {
    /// 5×4 label image, worked by hand:
    /// label 1 = {(0,0),(1,0),(2,0),(2,1)}: centroid (1.25, 0.25); μ20 = 0.6875,
    /// μ02 = 0.1875, μ11 = 0.1875 → orientation = ½·atan2(0.375, 0.5) = 0.3217505544.
    /// label 2 = the vertical bar rows 1…4 of column 3 → orientation 0, bbox (1, 3, 5, 4).
    @Test("Hand-worked 5×4 case")
    func handCase() {
        let labels = Image<Int32>(width: 4, height: 5, pixels: [
            1, 0, 0, 0,
            1, 0, 0, 2,
            1, 1, 0, 2,
            0, 0, 0, 2,
            0, 0, 0, 2,
        ])
        let props = RegionProperties.measure(labels)
        #expect(props.count == 2)
        let a = props[0], b = props[1]
        #expect(a.label == 1 && a.area == 4)
        #expect(a.minRow == 0 && a.minCol == 0 && a.maxRow == 3 && a.maxCol == 2)
        #expect(abs(a.centroidRow - 1.25) < 1e-12 && abs(a.centroidCol - 0.25) < 1e-12)
        #expect(abs(a.orientation - 0.3217505544) < 1e-9)
        #expect(b.label == 2 && b.area == 4 && b.height == 4 && b.width == 1)
        #expect((b.minRow, b.minCol, b.maxRow, b.maxCol) == (1, 3, 5, 4))
        #expect(abs(b.orientation) < 1e-12)
    }

    @Test("Equal row and column spread: ±π/4 by the sign of the covariance, as scikit-image")
    func diagonalTies() {
        var down = Image<UInt8>(width: 5, height: 5, repeating: 0)
        var up = down
        for i in 0..<5 {
            down[i, i] = 1
            up[i, 4 - i] = 1
        }
        #expect(abs(RegionProperties.measure(down)[0].orientation - Double.pi / 4) < 1e-12)
        #expect(abs(RegionProperties.measure(up)[0].orientation + Double.pi / 4) < 1e-12)
    }

    @Test("Row scale gives the physical angle of a line on anisotropic pixels")
    func rowScale() {
        // Pixels (k, k): one column per row. With rows 2× further apart than
        // columns the line rises 2 for every 1 across: angle atan(1/2) = 0.4636476.
        var image = Image<UInt8>(width: 6, height: 6, repeating: 0)
        for k in 0..<6 { image[k, k] = 7 }
        let p = RegionProperties.measure(image, rowScale: 2)[0]
        #expect(abs(p.orientation - atan(0.5)) < 1e-9)
        #expect(p.label == 7 && abs(p.centroidRow - 2.5) < 1e-12)
    }
}
