/// Why a network could not be loaded or run.
public enum ModelRuntimeError: Error, Equatable, CustomStringConvertible {
    /// No file at the path.
    case fileNotFound(path: String)
    /// OpenCV could not read the file as an ONNX network (corrupt, or an operator
    /// OpenCV 4.6's importer lacks).
    case unreadableModel(path: String, reason: String)
    /// The network ran but failed (wrong input size or channel count, bad output).
    case inferenceFailed(reason: String)
    /// cellqa was built without the `ModelRuntime` package trait.
    case runtimeUnavailable

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "no model file at \(path): pass the path of an exported ONNX network"
        case .unreadableModel(let path, let reason):
            "OpenCV dnn cannot read \(path) as an ONNX network (\(reason)); re-export it with opset ≤ 13"
        case .inferenceFailed(let reason):
            "the network failed to run (\(reason)); check the model's input size and channel count"
        case .runtimeUnavailable:
            "this cellqa was built without the network runtime: rebuild with `swift build --traits ModelRuntime` (needs libopencv-dnn-dev)"
        }
    }
}
