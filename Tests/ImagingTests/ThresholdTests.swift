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

    /// The one-pass whole-number Otsu against the two-sided definition on a plain
    /// histogram (`otsuBinCentre`), on seeded two- and three-class images with gaps,
    /// 8- and 16-bit ranges: the same threshold, not a close one.
    @Test(arguments: [(UInt64(1), 255.0), (2, 255.0), (3, 65_535.0), (4, 65_535.0), (5, 4000.0)])
    func wholeNumberOtsuEqualsTheDefinition(seed: UInt64, top: Double) {
        var rng = SeededGenerator(seed: seed)
        var pixels: [Float] = []
        let levels = [0.1, 0.45, 0.8].map { $0 * top }
        for i in 0..<20_000 {
            let centre = levels[i % (seed % 2 == 0 ? 2 : 3)]
            let v = (centre + (Double(rng.index(below: 1_000_001)) / 1e6 - 0.5) * 0.2 * top).rounded()
            pixels.append(Float(min(top, max(0, v))))
        }
        let g = GrayImage(width: 200, height: 100, pixels: pixels)
        let lo = Int(pixels.min()!), hi = Int(pixels.max()!)
        var counts = [Double](repeating: 0, count: hi - lo + 1)
        for v in pixels { counts[Int(v) - lo] += 1 }
        let expected = Threshold.otsuBinCentre(counts: counts, centres: (lo...hi).map(Double.init))
        #expect(Double(Threshold.otsu(g)) == expected)
        #expect(Double(Threshold.otsu(g, binning: .integer)) == expected)
    }

    /// Otsu on fractional values (`.uniform(256)`, numpy.histogram's bins) against a
    /// plain one-counter histogram and `otsuBinCentre`: the same threshold.
    @Test(arguments: [UInt64(1), 2, 3])
    func uniformOtsuEqualsTheDefinition(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        // Smooth runs (a box-filtered ring) with a few outliers, 10 003 values.
        var pixels: [Float] = []
        var level = 0.0
        for i in 0..<10_003 {
            if i % 37 == 0 { level = Double(rng.index(below: 1000)) / 7 }
            pixels.append(Float(level + Double(rng.index(below: 100)) / 300))
        }
        let lo = pixels.min()!, hi = pixels.max()!
        var counts = [Double](repeating: 0, count: 256)
        let scale = 256 / (Double(hi) - Double(lo))
        for v in pixels { counts[min(255, Int((Double(v) - Double(lo)) * scale))] += 1 }
        let width = (Double(hi) - Double(lo)) / 256
        let expected = Threshold.otsuBinCentre(counts: counts, centres: (0..<256).map { Double(lo) + (Double($0) + 0.5) * width })
        let image = GrayImage(width: pixels.count, height: 1, pixels: pixels)
        #expect(Double(Threshold.otsu(image)) == Double(Float(expected)))
        #expect(Double(Threshold.otsu(image, binning: .uniform(count: 256))) == Double(Float(expected)))
    }
}
