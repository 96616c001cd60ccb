import Testing
@testable import Imaging

struct MaskBorderTests {
    @Test func fullImageBorderIsTheFrame() {
        // Outside the image counts as outside (convolve mode='constant', cval=0): 16 frame pixels of 5×5.
        let b = MaskBorder.border(of: Mask(width: 5, height: 5, repeating: true))
        #expect(b.pixels.filter { $0 }.count == 16)
        #expect(!b[2, 2] && b[0, 2] && b[4, 4])
    }

    @Test func diagonalNeighbourCounts() {
        // 3×3 block at rows/cols 1…3 of a 5×5 with (0,0) also set: only the block centre (2,2)
        // has all 8 neighbours set, so it alone is interior; (1,1) touches (0,1) which is off.
        var m = Mask(width: 5, height: 5, repeating: false)
        for r in 1...3 { for c in 1...3 { m[r, c] = true } }
        m[0, 0] = true
        let b = MaskBorder.border(of: m)
        #expect(!b[2, 2])
        #expect(b.pixels.filter { $0 }.count == 9)
    }
}
