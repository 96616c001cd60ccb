#if ModelRuntime
import Analysis
import Imaging

/// An overhang segmenter backed by an exported network (e.g. the reference's
/// U-Net as ONNX) run through OpenCV dnn.
///
/// Per section: bilinear resize (OpenCV `INTER_LINEAR` convention) to the
/// network's fixed input size, ``InputNormalisation``, grey replicated into
/// `channels` planes (3 for a network trained on RGB), forward pass, the output
/// map (its last channel, assumed already a probability, e.g. after a sigmoid)
/// resized back to the section's size and clamped to 0…1. The analysis then
/// thresholds it at 0.9 as the reference does.
public struct ONNXSegmenter: OverhangSegmenter {
    /// The network's input: width × height pixels, channels, value mapping.
    public struct Input: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var channels: Int
        public var normalisation: InputNormalisation

        /// The reference U-Net's input: 800 wide, 256 high, RGB.
        public static let referenceUNet = Input(width: 800, height: 256, channels: 3, normalisation: .imageNet)

        public init(width: Int, height: Int, channels: Int, normalisation: InputNormalisation = .minMax) {
            self.width = width
            self.height = height
            self.channels = channels
            self.normalisation = normalisation
        }
    }

    public let model: ONNXModel
    public let input: Input

    /// Loads the model and runs it once on a blank input of `input`'s size, so a
    /// size or channel mismatch shows here as a typed error rather than mid-scan.
    public init(modelPath: String, input: Input = .referenceUNet) throws(ModelRuntimeError) {
        guard input.width > 0, input.height > 0, input.channels > 0 else {
            throw .inferenceFailed(reason: "input size \(input.width)×\(input.height)×\(input.channels) is empty")
        }
        model = try ONNXModel(path: modelPath)
        self.input = input
        _ = try model.run(planes: [Float](repeating: 0, count: input.width * input.height * input.channels),
                          width: input.width, height: input.height, channels: input.channels)
    }

    /// The probability map, or throws if the network fails on this section.
    public func probabilityOrError(_ section: AngularSection) throws(ModelRuntimeError) -> GrayImage {
        let image = section.image
        let resized = image.bilinearResized(width: input.width, height: input.height)
        let planes = input.normalisation.planes(resized.pixels, channels: input.channels)
        let output = try model.run(planes: planes, width: input.width, height: input.height, channels: input.channels)
        return output.bilinearResized(width: image.width, height: image.height).map { min(max($0, 0), 1) }
    }

    /// The protocol cannot throw: a section the network fails on (already checked
    /// at init for the configured size, so not expected) gets probability 0
    /// everywhere, i.e. no overhangs, never a crash mid-scan.
    public func probability(_ section: AngularSection) -> GrayImage {
        (try? probabilityOrError(section))
            ?? GrayImage(width: section.image.width, height: section.image.height, repeating: 0)
    }
}
#endif
