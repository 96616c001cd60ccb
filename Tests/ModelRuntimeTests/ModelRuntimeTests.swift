#if ModelRuntime
import Foundation
import Imaging
import ModelRuntime
import Testing

/// The fixture networks (Fixtures/make_model.py): out = sigmoid(−1 + K ⋆ in), K =
/// [[1,2,3],[4,5,6],[7,8,9]]/10 cross-correlated with zero padding 1; input 8×13.
enum Fixture {
    static let width = 13, height = 8
    static let kernel: [[Double]] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]
    static let bias = -1.0

    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// The analytic output, in Double: the ONNX Conv definition then a sigmoid.
    static func expected(_ image: GrayImage) -> [Double] {
        var out = [Double]()
        for r in 0..<image.height {
            for c in 0..<image.width {
                var z = bias
                for i in -1...1 {
                    for j in -1...1 where (0..<image.height).contains(r + i) && (0..<image.width).contains(c + j) {
                        z += kernel[i + 1][j + 1] * Double(image[r + i, c + j])
                    }
                }
                out.append(1 / (1 + exp(-z)))
            }
        }
        return out
    }

    /// A deterministic input that exercises every kernel tap with different values.
    static var ramp: GrayImage {
        GrayImage(width: width, height: height,
                  pixels: (0..<width * height).map { Float(($0 * 7) % 11) / 5 - 1 })
    }

    /// Zero everywhere except `value` at (row, col).
    static func impulse(row: Int, col: Int, value: Float) -> GrayImage {
        var image = GrayImage(width: width, height: height, repeating: 0)
        image[row, col] = value
        return image
    }

    static func maxError(_ a: GrayImage, _ b: [Double]) -> Double {
        zip(a.pixels, b).map { abs(Double($0) - $1) }.max() ?? .infinity
    }
}

@Suite struct ONNXModelTests {
    @Test func grayNetworkMatchesTheAnalyticConvolution() throws {
        let model = try ONNXModel(path: Fixture.path("gray_conv_sigmoid.onnx"))
        let out = try model.run(Fixture.ramp)
        #expect(out.width == Fixture.width && out.height == Fixture.height)
        // Hand formula above, Double; float32 inference: agree within 1e-5.
        #expect(Fixture.maxError(out, Fixture.expected(Fixture.ramp)) < 1e-5)
    }

    @Test func rgbNetworkOnReplicatedGreyMatchesTheSameAnswer() throws {
        // K/3 per channel over three equal planes sums to K ⋆ in.
        let model = try ONNXModel(path: Fixture.path("rgb_conv_sigmoid.onnx"))
        let out = try model.run(Fixture.ramp, channels: 3)
        #expect(Fixture.maxError(out, Fixture.expected(Fixture.ramp)) < 1e-5)
    }

    @Test func missingModelIsATypedError() {
        let path = Fixture.path("no_such_model.onnx")
        #expect(throws: ModelRuntimeError.fileNotFound(path: path)) { try ONNXModel(path: path) }
    }

    @Test func corruptModelIsATypedError() {
        do {
            _ = try ONNXModel(path: Fixture.path("corrupt.onnx"))
            Issue.record("a text file loaded as a network")
        } catch {
            guard case .unreadableModel(let path, let reason) = error else {
                Issue.record("expected unreadableModel, got \(error)")
                return
            }
            #expect(path.hasSuffix("corrupt.onnx"))
            #expect(!reason.isEmpty)
        }
    }

    @Test func wrongChannelCountIsATypedErrorNotACrash() throws {
        let model = try ONNXModel(path: Fixture.path("gray_conv_sigmoid.onnx"))
        do {
            _ = try model.run(Fixture.ramp, channels: 3)
            Issue.record("a 1-channel network accepted 3 channels")
        } catch {
            guard case .inferenceFailed = error else {
                Issue.record("expected inferenceFailed, got \(error)")
                return
            }
        }
    }
}

@Suite struct ONNXSegmenterTests {
    static let identity = ONNXSegmenter.Input(width: Fixture.width, height: Fixture.height, channels: 1,
                                              normalisation: .identity)

    static func section(_ image: GrayImage) -> AngularSection {
        AngularSection(angleDegrees: 0, firstSlice: 0, radius: image.width / 2, image: image)
    }

    @Test func impulseThresholdedAtPointNineGivesTheKernelsBottomRow() throws {
        // Impulse 5 at (4, 6): pixel (r, c) sees z = −1 + 5·K[4−r+1][6−c+1] = −1 + k/2
        // for k = 1…9; sigmoid(z) ≥ 0.9 ⇔ z ≥ ln 9 = 2.197 ⇔ k ∈ {7, 8, 9}: the kernel's
        // bottom row, i.e. the three pixels (3, 5), (3, 6), (3, 7) above the impulse.
        let segmenter = try ONNXSegmenter(modelPath: Fixture.path("gray_conv_sigmoid.onnx"), input: Self.identity)
        let image = Fixture.impulse(row: 4, col: 6, value: 5)
        let probability = segmenter.probability(Self.section(image))
        #expect(Fixture.maxError(probability, Fixture.expected(image)) < 1e-5)
        var mask: [[Int]] = []
        for r in 0..<image.height {
            for c in 0..<image.width where probability[r, c] >= ONNXSegmenter.threshold { mask.append([r, c]) }
        }
        #expect(mask == [[3, 5], [3, 6], [3, 7]])
        // The strongest: k = 9 → sigmoid(3.5) = 0.970688.
        #expect(abs(Double(probability[3, 5]) - 1 / (1 + exp(-3.5))) < 1e-5)
    }

    @Test func minMaxNormalisationStretchesTheSectionToZeroOne() throws {
        // 200 background, 1000 impulse → 0 and 1: the network sees a unit impulse.
        let input = ONNXSegmenter.Input(width: Fixture.width, height: Fixture.height, channels: 3, normalisation: .minMax)
        let segmenter = try ONNXSegmenter(modelPath: Fixture.path("rgb_conv_sigmoid.onnx"), input: input)
        var image = GrayImage(width: Fixture.width, height: Fixture.height, repeating: 200)
        image[4, 6] = 1000
        let probability = segmenter.probability(Self.section(image))
        let unit = Fixture.impulse(row: 4, col: 6, value: 1)
        #expect(Fixture.maxError(probability, Fixture.expected(unit)) < 1e-5)
        // Above the impulse: sigmoid(−1 + 0.8) = sigmoid(−0.2) = 0.450166; nothing reaches 0.9.
        #expect(abs(Double(probability[3, 6]) - 0.450166) < 1e-5)
        #expect(probability.pixels.allSatisfy { $0 < ONNXSegmenter.threshold })
    }

    @Test func sectionOfAnotherSizeIsResizedThereAndBack() throws {
        // A constant section of 4·8 rows × 2·13+1 columns: resized to 8×13 the input is
        // still constant 1, so the network's output is sigmoid(−1 + Σ over the taps
        // inside the image); far from the border all nine: sigmoid(3.5) = 0.970688.
        // Resized back (bilinear), the middle of the section keeps that value.
        let segmenter = try ONNXSegmenter(modelPath: Fixture.path("gray_conv_sigmoid.onnx"), input: Self.identity)
        let image = GrayImage(width: 27, height: 32, repeating: 1)
        let probability = segmenter.probability(Self.section(image))
        #expect(probability.width == 27 && probability.height == 32)
        #expect(abs(Double(probability[16, 13]) - 1 / (1 + exp(-3.5))) < 1e-5)
        #expect(probability.pixels.allSatisfy { (0...1).contains($0) })
    }

    @Test func concurrentSectionsAllGetTheAnalyticAnswer() async throws {
        let segmenter = try ONNXSegmenter(modelPath: Fixture.path("gray_conv_sigmoid.onnx"), input: Self.identity)
        let expected = Fixture.expected(Fixture.ramp)
        let errors = await withTaskGroup(of: Double.self) { group in
            for _ in 0..<16 {
                group.addTask { Fixture.maxError(segmenter.probability(Self.section(Fixture.ramp)), expected) }
            }
            return await group.reduce(into: [Double]()) { $0.append($1) }
        }
        #expect(errors.count == 16)
        #expect(errors.allSatisfy { $0 < 1e-5 })
    }

    @Test func modelNotFittingTheConfiguredInputFailsAtInit() {
        // The 1-channel fixture configured as RGB: caught by the trial run in init.
        let rgb = ONNXSegmenter.Input(width: Fixture.width, height: Fixture.height, channels: 3)
        do {
            _ = try ONNXSegmenter(modelPath: Fixture.path("gray_conv_sigmoid.onnx"), input: rgb)
            Issue.record("a 1-channel network accepted an RGB configuration")
        } catch {
            guard case .inferenceFailed = error else {
                Issue.record("expected inferenceFailed, got \(error)")
                return
            }
        }
    }
}
#endif
