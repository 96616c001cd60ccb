#if ModelRuntime
import Imaging
@testable import ModelRuntime
import Testing

@Suite struct BilinearResizeTests {
    @Test func upsamplingByTwoFollowsOpenCVsPixelCentreConvention() {
        // cv2.resize([[0, 1], [2, 3]], (4, 4), INTER_LINEAR): samples at
        // (i + 0.5)/2 − 0.5 = −0.25 → 0 (clamped), 0.25, 0.75, 1.25 → 1 (clamped),
        // so a row [0, 1] becomes [0, 0.25, 0.75, 1]; rows blend 0 and 2 the same way.
        let image = GrayImage(width: 2, height: 2, pixels: [0, 1, 2, 3])
        let out = image.bilinearResized(width: 4, height: 4)
        let rowWeights: [Float] = [0, 0.25, 0.75, 1]
        for r in 0..<4 {
            for c in 0..<4 {
                #expect(abs(out[r, c] - (rowWeights[c] + 2 * rowWeights[r])) < 1e-6)
            }
        }
    }

    @Test func downsamplingByTwoAveragesPairs() {
        // 4 → 2: samples at (i + 0.5)·2 − 0.5 = 0.5, 2.5: means of neighbouring pairs.
        let image = GrayImage(width: 4, height: 1, pixels: [0, 2, 4, 10])
        #expect(image.bilinearResized(width: 2, height: 1).pixels == [1, 7])
    }
}
#endif
