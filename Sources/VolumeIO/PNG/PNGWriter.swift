import CPNG
import Foundation
import Imaging

/// Writes PNG pictures (overlays, previews) with libpng's simplified API
/// (`png_image_write_to_memory`), which reports errors by return value instead
/// of longjmp. Files are written atomically (temporary name, then rename).
///
/// Samples are stored as given: gray16 is written through `PNG_FORMAT_LINEAR_Y`,
/// which libpng stores unchanged as 16-bit grey (with a gAMA 1.0 chunk).
public enum PNGWriter {
    /// 8-bit grey.
    public static func write(_ image: Image<UInt8>, to path: String) throws(VolumeIOError) {
        try writeFile(path, try encode(image))
    }

    /// 16-bit grey.
    public static func write(_ image: Image<UInt16>, to path: String) throws(VolumeIOError) {
        try writeFile(path, try encode(image))
    }

    /// 8-bit RGB.
    public static func write(_ image: RGBImage, to path: String) throws(VolumeIOError) {
        try writeFile(path, try encode(image))
    }

    /// 8-bit grey PNG bytes (for embedding, e.g. base64 in HTML).
    public static func encode(_ image: Image<UInt8>) throws(VolumeIOError) -> [UInt8] {
        try encode(image.pixels, width: image.width, height: image.height, format: UInt32(PNG_FORMAT_GRAY),
                   rowStride: image.width)
    }

    /// 16-bit grey PNG bytes.
    public static func encode(_ image: Image<UInt16>) throws(VolumeIOError) -> [UInt8] {
        try encode(image.pixels, width: image.width, height: image.height, format: UInt32(PNG_FORMAT_LINEAR_Y),
                   rowStride: image.width)
    }

    /// 8-bit RGB PNG bytes.
    public static func encode(_ image: RGBImage) throws(VolumeIOError) -> [UInt8] {
        // RGB8 is three UInt8 fields: stride 3, laid out r, g, b (checked at run time below).
        precondition(MemoryLayout<RGB8>.stride == 3, "RGB8 must be 3 packed bytes")
        return try encode(image.pixels, width: image.width, height: image.height, format: UInt32(PNG_FORMAT_RGB),
                          rowStride: image.width * 3)
    }

    /// `rowStride` in components (samples), as the simplified API counts it.
    private static func encode<T>(_ pixels: [T], width: Int, height: Int, format: UInt32,
                                  rowStride: Int) throws(VolumeIOError) -> [UInt8] {
        guard width > 0, height > 0, width <= Int(Int32.max) / 4, height <= Int(Int32.max) else {
            throw .invalidImage(detail: "PNG of \(width)×\(height) pixels")
        }
        var image = png_image()
        image.version = cellqa_png_image_version()
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format
        // Speed over size: overlays of a production slice are megapixels, written for
        // every scan, and zlib's default level was most of the time spent on them.
        image.flags = png_uint_32(PNG_IMAGE_FLAG_FAST)
        defer { png_image_free(&image) }

        let result = pixels.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Result<[UInt8], VolumeIOError> in
            // First pass measures, second writes (the simplified API's documented pattern).
            var size: png_alloc_size_t = 0
            guard png_image_write_to_memory(&image, nil, &size, 0, buffer.baseAddress, png_int_32(rowStride), nil) != 0,
                  size > 0 else {
                return .failure(.invalidImage(detail: "libpng: " + message(of: image)))
            }
            var bytes = [UInt8](repeating: 0, count: Int(size))
            let ok = bytes.withUnsafeMutableBytes { out in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, buffer.baseAddress,
                                          png_int_32(rowStride), nil)
            }
            guard ok != 0 else { return .failure(.invalidImage(detail: "libpng: " + message(of: image))) }
            bytes.removeLast(bytes.count - Int(size))
            return .success(bytes)
        }
        return try result.get()
    }

    private static func message(of image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func writeFile(_ path: String, _ bytes: [UInt8]) throws(VolumeIOError) {
        try AtomicFile.write(path) { (temporary: String) throws(VolumeIOError) in
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw .writeFailed(path: path, detail: error.localizedDescription)
            }
        }
    }
}
