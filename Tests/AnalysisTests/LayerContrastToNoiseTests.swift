import Foundation
import Testing
@testable import Analysis

/// ``ClassicalOverhangSegmenter/contrastToNoise(_:separator:)`` against layers of known
/// contrast and noise.
@Suite("Overhang dimmer-layer contrast to noise")
struct LayerContrastToNoiseTests {
    /// SplitMix64 and Box–Muller: reproducible standard normal samples.
    struct Normal {
        var state: UInt64
        mutating func next() -> Double {
            func word() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
            let u = (Double(word() >> 11) + 0.5) / Double(1 << 53), v = Double(word() >> 11) / Double(1 << 53)
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    /// `tracks` layers of `rows` rows at `separator + contrast`, each row's level the
    /// 3-row mean of independent pixels of standard deviation `sigma`, as the segmenter
    /// reads a layer from its vertically smoothed section.
    static func levels(tracks: Int, rows: Int, contrast: Double, sigma: Double, separator: Double, seed: UInt64) -> [[Float]] {
        var normal = Normal(state: seed)
        return (0..<tracks).map { _ in
            let raw = (0..<rows).map { _ in separator + contrast + sigma * normal.next() }
            return (0..<rows).map { r in
                let window = raw[max(0, r - 1)...min(rows - 1, r + 1)]
                return Float(window.reduce(0, +) / Double(window.count))
            }
        }
    }

    @Test("Contrast over σ of a 3-row mean, within 10 %, for contrasts of 1, 3 and 10 σ of a pixel",
          arguments: [1.0, 3.0, 10.0])
    func knownContrast(pixelCNR: Double) {
        let sigma = 4.0, separator = 30.0
        let levels = Self.levels(tracks: 40, rows: 60, contrast: pixelCNR * sigma, sigma: sigma,
                                 separator: separator, seed: 7)
        let cnr = ClassicalOverhangSegmenter().contrastToNoise(levels, separator: Float(separator))
        // A 3-row mean has σ/√3: the level stands √3 times the pixel's CNR above the separator.
        let expected = pixelCNR * 3.0.squareRoot()
        #expect(abs((cnr ?? .nan) / expected - 1) <= 0.10, "CNR \(cnr ?? .nan), expected \(expected)")
    }

    @Test("A layer that ends (a step in its level) does not change σ; no rows, no number")
    func stepIsIgnored() {
        var levels = Self.levels(tracks: 40, rows: 60, contrast: 12, sigma: 4, separator: 30, seed: 11)
        let before = ClassicalOverhangSegmenter().contrastToNoise(levels, separator: 30)!
        // Every layer ends at row 20: the separator above it.
        for i in levels.indices { for r in 0..<20 { levels[i][r] -= 12 } }
        let after = ClassicalOverhangSegmenter().contrastToNoise(levels, separator: 30)!
        #expect(abs(after / before - 1) <= 0.05, "before \(before), after \(after)")
        #expect(ClassicalOverhangSegmenter().contrastToNoise([], separator: 30) == nil)
        #expect(ClassicalOverhangSegmenter().contrastToNoise([[31, 32]], separator: 30) == nil)
    }
}
