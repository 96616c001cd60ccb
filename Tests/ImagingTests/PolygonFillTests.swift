import Testing
@testable import Imaging

/// Expected masks are scikit-image 0.26 `draw.polygon` outputs on the same vertices
/// (checked by running it), which include pixel centres on the boundary.
struct PolygonFillTests {
    func rows(_ m: Mask) -> [String] {
        (0..<m.height).map { r in String((0..<m.width).map { m[r, $0] ? "1" : "0" }) }
    }

    @Test func integerSquareIncludesItsBoundary() {
        let m = PolygonFill.mask(rows: [1, 1, 3, 3], cols: [1, 3, 3, 1], width: 5, height: 5)
        #expect(rows(m) == ["00000", "01110", "01110", "01110", "00000"])
    }

    @Test func halfPixelSquare() {
        let m = PolygonFill.mask(rows: [0.5, 0.5, 2.5, 2.5], cols: [0.5, 2.5, 2.5, 0.5], width: 5, height: 5)
        #expect(rows(m) == ["00000", "01100", "01100", "00000", "00000"])
    }

    @Test func triangleWithIntegerVertices() {
        // skimage: the hypotenuse r + c = 4 is included.
        let m = PolygonFill.mask(rows: [0, 0, 4], cols: [0, 4, 0], width: 6, height: 6)
        #expect(rows(m) == ["111110", "111100", "111000", "110000", "100000", "000000"])
    }

    @Test func triangleWithHalfVertices() {
        let m = PolygonFill.mask(rows: [0.5, 0.5, 4.5], cols: [0.5, 4.5, 0.5], width: 6, height: 6)
        #expect(rows(m) == ["000000", "011110", "011100", "011000", "010000", "000000"])
    }

    @Test func fillOfMaskContourRecoversFilledMask() {
        // A 7×7 ring: the outer contour's fill is the ring plus its hole.
        var mask = Mask(width: 9, height: 9, repeating: false)
        for r in 1...7 { for c in 1...7 { let d = max(abs(r - 4), abs(c - 4)); if d >= 2 { mask[r, c] = true } } }
        let outer = MarchingSquares.contours(of: mask).max { $0.shoelaceArea < $1.shoelaceArea }!
        let fill = PolygonFill.mask(outer, width: 9, height: 9)
        #expect(fill.pixels.filter { $0 }.count == 49)
    }
}
