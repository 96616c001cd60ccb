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

/// The scanline fill against a direct per-pixel evaluation of scikit-image 0.26's
/// `point_in_polygon` (O'Rourke crossing test; inside, vertex or edge all count) on
/// random polygons with vertices on a quarter-pixel grid, so boundary hits occur.
struct PolygonFillCrossCheckTests {
    static func orourke(_ xp: [Double], _ yp: [Double], _ x: Double, _ y: Double) -> Bool {
        let n = xp.count
        var rCross = 0, lCross = 0
        var x1 = xp[n - 1] - x, y1 = yp[n - 1] - y
        for i in 0..<n {
            let x0 = xp[i] - x, y0 = yp[i] - y
            if abs(x0) < 1e-12 && abs(y0) < 1e-12 { return true }
            if (y0 > 0) != (y1 > 0), (x0 * y1 - x1 * y0) / (y1 - y0) > 0 { rCross += 1 }
            if (y0 < 0) != (y1 < 0), (x0 * y1 - x1 * y0) / (y1 - y0) < 0 { lCross += 1 }
            x1 = x0; y1 = y0
        }
        if (rCross & 1) != (lCross & 1) { return true }
        return rCross & 1 == 1
    }

    @Test func agreesWithPointInPolygonOnRandomPolygons() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<60 {
            let n = 3 + rng.index(below: 8)
            let rows = (0..<n).map { _ in Double(rng.index(below: 48)) / 4 - 1 }
            let cols = (0..<n).map { _ in Double(rng.index(below: 48)) / 4 - 1 }
            let m = PolygonFill.mask(rows: rows, cols: cols, width: 10, height: 10)
            let rMin = Int(max(0, rows.min()!)), rMax = min(9, Int(rows.max()!.rounded(.up)))
            let cMin = Int(max(0, cols.min()!)), cMax = min(9, Int(cols.max()!.rounded(.up)))
            for r in 0..<10 { for c in 0..<10 {
                let inBox = r >= rMin && r <= rMax && c >= cMin && c <= cMax
                let expected = inBox && Self.orourke(cols, rows, Double(c), Double(r))
                #expect(m[r, c] == expected, "polygon \(rows) \(cols) at (\(r), \(c))")
            } }
        }
    }
}
