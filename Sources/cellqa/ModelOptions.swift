import Analysis
import ArgumentParser
#if ModelRuntime
import ModelRuntime
#endif

/// `--model FILE` and its input description, shared by commands that segment
/// overhangs. Without a model the classical segmenter runs (the default). The
/// options exist in every build; running a model needs the `ModelRuntime` trait.
struct ModelOptions: ParsableArguments {
    @Option(help: "ONNX overhang network to use instead of the classical segmenter (needs a build with --traits ModelRuntime).")
    var model: String?
    @Option(help: "The network's input as WIDTHxHEIGHTxCHANNELS (the reference U-Net: 800x256x3).")
    var modelInput = "800x256x3"
    @Option(help: "Input values: imageNet (min–max to 0…1, then ImageNet mean/std), minMax, or identity.")
    var modelNormalisation = "imageNet"

    /// The segmenter the options ask for.
    func segmenter() throws -> any OverhangSegmenter {
        guard let path = model else { return ClassicalOverhangSegmenter() }
        #if ModelRuntime
        let size = modelInput.lowercased().split(separator: "x").compactMap { Int($0) }
        guard size.count == 3, size.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--model-input needs WIDTHxHEIGHTxCHANNELS, e.g. 800x256x3")
        }
        guard let normalisation = InputNormalisation(rawValue: modelNormalisation) else {
            throw ValidationError("--model-normalisation must be one of: "
                + InputNormalisation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        // A ModelRuntimeError prints its own description (what to do), without the usage text.
        return try ONNXSegmenter(modelPath: path, input: .init(width: size[0], height: size[1], channels: size[2],
                                                              normalisation: normalisation))
        #else
        throw ValidationError("--model \(path): this cellqa was built without the network runtime; "
            + "rebuild with `swift build --traits ModelRuntime` (needs libopencv-dnn-dev)")
        #endif
    }
}
