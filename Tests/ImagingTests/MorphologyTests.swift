import Imaging
import Testing

@Suite struct FootprintTests {
    @Test func starOneIsTheFullSquare() {
        // skimage.morphology.star(1) is special-cased to np.ones((3, 3)).
        #expect(rows(Footprint.star(1).grid) == ["111", "111", "111"])
    }

    @Test func starTwoMatchesScikitImage() {
        // Printed from skimage.morphology.star(2), skimage 0.26: 7×7, 29 pixels on (5×5 square + 4 tips).
        let s = Footprint.star(2)
        #expect(rows(s.grid) == ["0001000",
                                 "0111110",
                                 "0111110",
                                 "1111111",
                                 "0111110",
                                 "0111110",
                                 "0001000"])
        #expect(s.onCount == 29)
    }

    @Test func starThreeMatchesScikitImage() {
        // skimage star(3): side 2·3+1+2·1 = 9; 7×7 square + four tips = 53 on.
        let s = Footprint.star(3)
        #expect(s.grid.width == 9)
        #expect(rows(s.grid)[0] == "000010000")
        #expect(rows(s.grid)[1] == "011111110")
        #expect(s.onCount == 53)
        // star(4): side 13, 9×9 square plus four 4-pixel tips = 97 pixels (skimage 0.26).
        #expect(Footprint.star(4).grid.width == 13)
        #expect(Footprint.star(4).onCount == 97)
    }

    @Test func diskMatchesScikitImage() {
        // skimage.morphology.disk(2): dr² + dc² ≤ 4.
        #expect(rows(Footprint.disk(2).grid) == ["00100", "01110", "11111", "01110", "00100"])
        #expect(Footprint.disk(1).onCount == 5)
        #expect(Footprint.disk(3).onCount == 29)
    }
}

@Suite struct BinaryMorphologyTests {
    @Test func erosionIgnoresPixelsOutsideTheImage() {
        // skimage erosion(np.ones((5,5)), star(1)) stays all ones (reflect padding).
        let full = Mask(width: 5, height: 5, repeating: true)
        #expect(full.eroded(by: .star(1)) == full)
    }

    @Test func erosionOfABlockLeavesItsCore() {
        let block = mask(["00000",
                          "01110",
                          "01110",
                          "01110",
                          "00000"])
        #expect(rows(block.eroded(by: .star(1))) == ["00000", "00000", "00100", "00000", "00000"])
        #expect(rows(block.eroded(by: .disk(1))) == ["00000", "00000", "00100", "00000", "00000"])
    }

    @Test func erosionAtTheBorderKeepsFullRows() {
        // The top two rows are full: row 0 survives star(1) erosion because the
        // row above is outside (ignored) and row 1 is foreground; row 1 dies (row 2 empty).
        let m = mask(["1111",
                      "1111",
                      "0000"])
        #expect(rows(m.eroded(by: .star(1))) == ["1111", "0000", "0000"])
    }

    @Test func dilationIsClippedAtTheBorder() {
        let m = mask(["0001000",
                      "0000000",
                      "0000000",
                      "0000000",
                      "0000000",
                      "0000000",
                      "0000000"])
        // star(2) has a tip 3 rows down and reaches ±2 columns on rows 1–2.
        #expect(rows(m.dilated(by: .star(2))) == ["1111111",
                                                  "0111110",
                                                  "0111110",
                                                  "0001000",
                                                  "0000000",
                                                  "0000000",
                                                  "0000000"])
    }

    @Test func openingRemovesThinParts() {
        let m = mask(["000000",
                      "011100",
                      "011101",
                      "011100",
                      "000000"])
        #expect(rows(m.opened(by: .star(1))) == ["000000", "011100", "011100", "011100", "000000"])
    }

    @Test func closingFillsANarrowGapAndGrowsToTheBorder() {
        // skimage 0.26 closing(·, star(1)) gives exactly this (checked): the one-column
        // gap is filled, and because dilation reaches the right border and erosion
        // ignores out-of-image pixels, the object stays extended to the border.
        let m = mask(["0000000000",
                      "0000000000",
                      "0011101110",
                      "0011101110",
                      "0011101110",
                      "0000000000",
                      "0000000000"])
        #expect(rows(m.closed(by: .star(1))) == ["0000000000", "0000000000", "0011111111",
                                                 "0011111111", "0011111111", "0000000000", "0000000000"])
    }

    @Test func removeSmallObjectsFollowsEitherScikitImageRule() {
        // 4-connected components of sizes 3, 4, 1, 1 (the last two touch only diagonally).
        let m = mask(["1110000000",
                      "0000000000",
                      "1111000000",
                      "0000000010",
                      "0000000001"])
        // skimage < 0.26: min_size=3 removes sizes < 3 → 7 px left.
        let old = m.removingSmallObjects(minSize: 3, rule: .fewerThan)
        #expect(old.pixels.filter { $0 }.count == 7)
        // skimage 0.26: removes sizes ≤ 3 → only the 4-pixel run (checked: 4 px in skimage 0.26).
        let new = m.removingSmallObjects(minSize: 3, rule: .atMost)
        #expect(rows(new) == ["0000000000", "0000000000", "1111000000", "0000000000", "0000000000"])
        // With 8-connectivity the diagonal pair is one object of size 2: still removed.
        #expect(m.removingSmallObjects(minSize: 2, connectivity: .eight, rule: .fewerThan).pixels.filter { $0 }.count == 9)
    }
}
