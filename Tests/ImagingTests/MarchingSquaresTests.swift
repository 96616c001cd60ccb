import Testing
@testable import Imaging

/// Hand-worked 5×5 cases; the expected vertices were worked out by hand from the
/// marching-squares definition and agree with scikit-image 0.26 `find_contours(a, 0.5)`.
struct MarchingSquaresTests {
    func mask5(_ on: [(Int, Int)]) -> Mask {
        var m = Mask(width: 5, height: 5, repeating: false)
        for (r, c) in on { m[r, c] = true }
        return m
    }

    func pointSet(_ c: Contour) -> Set<[Double]> {
        Set((0..<c.count).map { [c.rows[$0], c.cols[$0]] })
    }

    @Test func singlePixelGivesDiamond() {
        let contours = MarchingSquares.contours(of: mask5([(2, 2)]))
        #expect(contours.count == 1)
        let c = contours[0]
        #expect(c.isClosed)
        // scikit-image: (2.5,2) (2,1.5) (1.5,2) (2,2.5), first point repeated at the end.
        #expect(pointSet(c) == [[2.5, 2], [2, 1.5], [1.5, 2], [2, 2.5]])
        #expect(abs(c.shoelaceArea - 0.5) < 1e-12)
    }

    @Test func diagonalNeighboursAreSeparateWithLowConnectivity() {
        // fully_connected='low': the saddle cuts the two high corners apart (skimage: 2 contours).
        #expect(MarchingSquares.contours(of: mask5([(1, 1), (2, 2)])).count == 2)
        // fully_connected='high' joins them into one contour.
        #expect(MarchingSquares.contours(of: mask5([(1, 1), (2, 2)]), fullyConnectedHigh: true).count == 1)
    }

    @Test func ringHasOuterAndInnerContours() {
        var on: [(Int, Int)] = []
        for r in 1...3 { for c in 1...3 where !(r == 2 && c == 2) { on.append((r, c)) } }
        let contours = MarchingSquares.contours(of: mask5(on)).sorted { $0.count > $1.count }
        #expect(contours.count == 2)
        // Outer: 12 distinct points (skimage: 13 with the repeat), square 3×3 with cut corners:
        // side from 0.5 to 3.5 → 9 − 4·(½·½·½) = 8.5.
        #expect(contours[0].count == 12)
        #expect(abs(contours[0].shoelaceArea - 8.5) < 1e-12)
        #expect(pointSet(contours[0]).contains([3.5, 2]))
        #expect(pointSet(contours[0]).contains([0.5, 1]))
        // Inner: the diamond around the hole at (2,2).
        #expect(pointSet(contours[1]) == [[2, 2.5], [1.5, 2], [2, 1.5], [2.5, 2]])
    }

    @Test func greyValuesInterpolateLinearly() {
        // 0.75 at the centre of zeros: level 0.5 is 2/3 of the way from 0 to 0.75,
        // i.e. 1/3 px from the centre (skimage: (4/3,1) (1,2/3) (2/3,1) (1,4/3)).
        var g = GrayImage(width: 3, height: 3, repeating: 0)
        g[1, 1] = 0.75
        let contours = MarchingSquares.contours(of: g, level: 0.5)
        #expect(contours.count == 1)
        let expected: [[Double]] = [[4.0 / 3, 1], [1, 2.0 / 3], [2.0 / 3, 1], [1, 4.0 / 3]]
        for e in expected {
            #expect((0..<contours[0].count).contains { abs(contours[0].rows[$0] - e[0]) < 1e-12 && abs(contours[0].cols[$0] - e[1]) < 1e-12 })
        }
    }

    @Test func contourTouchingBorderIsOpen() {
        // A column of pixels along the left edge: the contour ends on the image border.
        let contours = MarchingSquares.contours(of: mask5([(0, 0), (1, 0), (2, 0)]))
        #expect(contours.count == 1)
        #expect(!contours[0].isClosed)
        // Points: (0,0.5) (1,0.5) (2,0.5) (2.5,0) → 4 crossings, from top edge down and out left.
        #expect(contours[0].count == 4)
    }

    @Test func orientationMatchesScikitImage() {
        // skimage's diamond (2.5,2) (2,1.5) (1.5,2) (2,2.5) has signed area
        // ½·Σ(x_i·y_{i+1} − y_i·x_{i+1}) = +0.5 with x = col, y = row.
        let c = MarchingSquares.contours(of: mask5([(2, 2)]))[0]
        var s = 0.0
        for i in 0..<c.count { let j = (i + 1) % c.count; s += c.cols[i] * c.rows[j] - c.rows[i] * c.cols[j] }
        #expect(abs(s / 2 - 0.5) < 1e-12)
    }
}
