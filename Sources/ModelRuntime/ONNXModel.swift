#if ModelRuntime
import CModelRuntime
import Foundation
import Imaging

/// An ONNX network read by OpenCV's dnn module (OpenCV 4.6, CPU, its own backend).
///
/// Sendable: the C shim serialises calls on one network with a mutex, because
/// `cv::dnn::Net::forward` reuses internal buffers.
public final class ONNXModel: @unchecked Sendable {
    private let handle: OpaquePointer
    public let path: String

    /// Reads the model; throws ``ModelRuntimeError/fileNotFound(path:)`` or
    /// ``ModelRuntimeError/unreadableModel(path:reason:)``.
    public init(path: String) throws(ModelRuntimeError) {
        guard FileManager.default.isReadableFile(atPath: path) else { throw .fileNotFound(path: path) }
        var message = [CChar](repeating: 0, count: 1024)
        guard let handle = cellqa_model_load(path, &message, message.count) else {
            throw .unreadableModel(path: path, reason: Self.text(message))
        }
        self.handle = handle
        self.path = path
    }

    deinit { cellqa_model_free(handle) }

    /// Runs the network on `channels` planes of `width`×`height` float32 (NCHW,
    /// planes one after another) and returns its output map (its last channel).
    public func run(planes: [Float], width: Int, height: Int, channels: Int) throws(ModelRuntimeError) -> GrayImage {
        guard width > 0, height > 0, channels > 0, planes.count == width * height * channels else {
            throw .inferenceFailed(reason: "\(planes.count) values do not make \(channels) planes of \(width)×\(height)")
        }
        // Room for an output up to 4× the input area (networks that upsample).
        var output = [Float](repeating: 0, count: 4 * width * height)
        var outHeight: Int32 = 0, outWidth: Int32 = 0
        var message = [CChar](repeating: 0, count: 1024)
        let status = planes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                cellqa_model_run(handle, input.baseAddress, Int32(height), Int32(width), Int32(channels),
                                 out.baseAddress, out.count, &outHeight, &outWidth, &message, message.count)
            }
        }
        guard status == 0 else { throw .inferenceFailed(reason: Self.text(message)) }
        let count = Int(outWidth) * Int(outHeight)
        return GrayImage(width: Int(outWidth), height: Int(outHeight), pixels: Array(output[0..<count]))
    }

    /// Runs the network on one grey image, replicated into `channels` planes.
    public func run(_ image: GrayImage, channels: Int = 1) throws(ModelRuntimeError) -> GrayImage {
        var planes = [Float]()
        planes.reserveCapacity(image.count * channels)
        for _ in 0..<channels { planes.append(contentsOf: image.pixels) }
        return try run(planes: planes, width: image.width, height: image.height, channels: channels)
    }

    private static func text(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let message = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "no message" : message
    }
}
#endif
