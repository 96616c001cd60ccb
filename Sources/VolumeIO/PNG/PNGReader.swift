import CPNG
import Foundation
import Imaging

/// Reads PNG files back with libpng's simplified API, for round-trip tests and
/// for comparing rendered pictures. Converts to the requested sample type.
public enum PNGReader {
    /// Any PNG as 8-bit grey (colour is converted to luminance by libpng).
    public static func readGray8(_ path: String) throws(VolumeIOError) -> Image<UInt8> {
        let (pixels, width, height): ([UInt8], Int, Int) = try read(path, format: UInt32(PNG_FORMAT_GRAY), components: 1)
        return Image(width: width, height: height, pixels: pixels)
    }

    /// Any PNG as 16-bit grey, samples as stored for a 16-bit grey PNG.
    public static func readGray16(_ path: String) throws(VolumeIOError) -> Image<UInt16> {
        let (pixels, width, height): ([UInt16], Int, Int) = try read(path, format: UInt32(PNG_FORMAT_LINEAR_Y), components: 1)
        return Image(width: width, height: height, pixels: pixels)
    }

    /// Any PNG as 8-bit RGB.
    public static func readRGB8(_ path: String) throws(VolumeIOError) -> RGBImage {
        let (bytes, width, height): ([UInt8], Int, Int) = try read(path, format: UInt32(PNG_FORMAT_RGB), components: 3)
        let pixels = (0..<(width * height)).map { RGB8(red: bytes[3 * $0], green: bytes[3 * $0 + 1], blue: bytes[3 * $0 + 2]) }
        return Image(width: width, height: height, pixels: pixels)
    }

    private static func read<T: FixedWidthInteger>(_ path: String, format: UInt32,
                                                   components: Int) throws(VolumeIOError) -> ([T], Int, Int) {
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
        var image = png_image()
        image.version = cellqa_png_image_version()
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            throw .corrupt(path: path, page: 0, detail: "libpng: " + message(of: image))
        }
        image.format = format
        let width = Int(image.width), height = Int(image.height)
        guard width * height <= 1 << 28 else {
            throw .sliceTooLarge(path: path, page: 0, width: width, height: height,
                                 bytes: UInt64(width * height * components * MemoryLayout<T>.size), limit: 1 << 30)
        }
        var pixels = [T](repeating: 0, count: width * height * components)
        let ok = pixels.withUnsafeMutableBytes { out in
            png_image_finish_read(&image, nil, out.baseAddress, png_int_32(width * components), nil)
        }
        guard ok != 0 else { throw .corrupt(path: path, page: 0, detail: "libpng: " + message(of: image)) }
        return (pixels, width, height)
    }

    private static func message(of image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
