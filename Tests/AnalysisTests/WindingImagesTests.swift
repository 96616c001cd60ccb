import Analysis
import Imaging
import Testing

@Suite struct WindingImagesTests {
    /// A hand-made mask: a quarter ring (radius 10–11 px, angles 90°…180°, i.e.
    /// +col and −row of the centre) and nothing else.
    static func quarterRing() throws -> UnrolledWinding {
        var mask = Mask(width: 31, height: 31, repeating: false)
        for r in 0..<31 {
            for c in 0..<31 {
                let dy = r - 15, dx = c - 15
                let d2 = dy * dy + dx * dx
                if d2 >= 100 && d2 <= 121 && dx > 0 && dy < 0 { mask[r, c] = true }
            }
        }
        return try UnrolledWinding(mask: mask, centre: WindingCentre(row: 15, col: 15), chunkSize: 5)
    }

    @Test func heatMapPutsPixelsAtTheirAngleAndRadius() throws {
        let u = try Self.quarterRing()
        #expect(u.layers.count == 1)
        let map = WindingImages.heatMap(u, scalePx: 1)
        #expect(map.width == 360)
        // Largest radius √(10²+5²)… ≤ 11 → 12 rows (radius 0 at the bottom row).
        #expect(map.height == 12)
        let lit = map.pixels.enumerated().filter { $0.element != Imaging.RGB8.black }
        #expect(!lit.isEmpty)
        for (i, _) in lit {
            let col = i % map.width, row = i / map.width
            #expect((90..<180).contains(col), "column \(col)")
            #expect((10...11).contains(map.height - 1 - row), "radius row \(row)")
        }
    }

    @Test func rampRunsBlueYellowRed() {
        #expect(WindingImages.ramp(0) == Imaging.RGB8(red: 0, green: 0, blue: 255))
        #expect(WindingImages.ramp(0.5) == Imaging.RGB8(red: 255, green: 255, blue: 0))
        #expect(WindingImages.ramp(1) == Imaging.RGB8(red: 255, green: 0, blue: 0))
        #expect(WindingImages.ramp(7) == Imaging.RGB8(red: 255, green: 0, blue: 0))
    }

    @Test func overlayKeepsGreyOutsideTheWinding() throws {
        let u = try Self.quarterRing()
        let slice = GrayImage(width: 31, height: 31, pixels: (0..<961).map { Float($0 % 31) })
        let overlay = WindingImages.overlay(u, on: slice, scalePx: 1)
        // Corner (30, 0): grey value 0 is at/below the 1st percentile → black.
        #expect(overlay[30, 0] == Imaging.RGB8(gray: 0))
        // The centre cross is white; winding pixels are coloured (not grey).
        #expect(overlay[15, 15] == Imaging.RGB8.white)
        for p in u.pixels {
            let c = overlay.pixels[Int(p.pixel)]
            #expect(!(c.red == c.green && c.green == c.blue), "pixel \(p.pixel) is grey")
        }
    }
}
