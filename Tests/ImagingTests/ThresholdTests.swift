import Testing
@testable import Imaging

struct ThresholdTests {
    @Test func fixedThresholdIsStrict() {
        let g = GrayImage(width: 3, height: 1, pixels: [99, 100, 101])
        #expect(Threshold.mask(g, above: 100).pixels == [false, false, true])
    }

    @Test func otsuOnIntegerSamples() {
        // scikit-image threshold_otsu(uint8 [0,0,0,1,1,10,10,11,11,11]) = 1 (integer bins).
        let g = GrayImage(width: 10, height: 1, pixels: [0, 0, 0, 1, 1, 10, 10, 11, 11, 11])
        #expect(Threshold.otsu(g) == 1)
        // The same values as float: 256 bins over [0, 11] → 1.009765625 (bin centre).
        #expect(abs(Threshold.otsu(g, binning: .uniform(count: 256)) - 1.009765625) < 1e-6)
    }

    @Test func otsuOnFloatSamples() {
        // threshold_otsu([0, .1, .2, 5, 5.5, 6]) = 0.19921875 (centre of bin 8 of 256 over [0, 6]).
        let g = GrayImage(width: 6, height: 1, pixels: [0, 0.1, 0.2, 5, 5.5, 6])
        #expect(abs(Threshold.otsu(g) - 0.19921875) < 1e-6)
    }
}
