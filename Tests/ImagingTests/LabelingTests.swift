import Imaging
import Testing

@Suite struct LabelingTests {
    // Hand-worked; skimage.measure.label gives the same arrays (checked, skimage 0.26).
    let grid = mask(["0010",
                     "1010",
                     "1001",
                     "0101"])

    @Test func fourConnectivityNumbersInRasterOrder() {
        let l = Labeling(grid, connectivity: .four)
        #expect(l.labels.pixels == [0, 0, 1, 0,
                                    2, 0, 1, 0,
                                    2, 0, 0, 3,
                                    0, 4, 0, 3])
        #expect(l.sizes == [2, 2, 2, 1])
    }

    @Test func eightConnectivityJoinsDiagonals() {
        let l = Labeling(grid, connectivity: .eight)
        #expect(l.labels.pixels == [0, 0, 1, 0,
                                    2, 0, 1, 0,
                                    2, 0, 0, 1,
                                    0, 2, 0, 1])
        #expect(l.sizes == [4, 3])
        #expect(l.count == 2)
    }

    @Test func componentMergedLateKeepsItsFirstPixelsNumber() {
        // The component that starts at (0,3) is met first in raster order; the
        // pixels at (1,0) get a provisional label of their own and are merged in
        // row 2, so the whole U is label 1 with 7 pixels.
        let l = Labeling(mask(["0001",
                               "1101",
                               "0111"]), connectivity: .four)
        #expect(Set(l.labels.pixels) == [0, 1])
        #expect(l.sizes == [7])
    }

    @Test func mergeOfTwoEarlierLabelsKeepsRasterOrder() {
        // Labels 1 (0,0) and 2 (0,2) merge in row 1; the later pixel (0,4) must become 2.
        let l = Labeling(mask(["10101",
                               "11100"]), connectivity: .four)
        #expect(l.labels.pixels == [1, 0, 1, 0, 2,
                                    1, 1, 1, 0, 0])
        #expect(l.sizes == [5, 1])
    }

    @Test func emptyMaskHasNoComponents() {
        let l = Labeling(Mask(width: 3, height: 2, repeating: false), connectivity: .eight)
        #expect(l.count == 0)
        #expect(l.labels.pixels.allSatisfy { $0 == 0 })
    }
}
