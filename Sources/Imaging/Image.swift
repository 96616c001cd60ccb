/// A 2-D raster in row-major order: `pixels[row * width + col]`.
///
/// Rows run down the image (axis 0 of a NumPy array), columns across (axis 1),
/// so coordinates match the reference notebooks: `(row, col)` = `(y, x)`.
/// A value type on one contiguous buffer, so kernels loop over `pixels` directly.
public struct Image<Pixel: Sendable>: Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Pixel]

    /// - Precondition: `pixels.count == width * height`.
    public init(width: Int, height: Int, pixels: [Pixel]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "Image: \(pixels.count) pixels for \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, repeating value: Pixel) {
        self.init(width: width, height: height, pixels: Array(repeating: value, count: width * height))
    }

    public var count: Int { pixels.count }

    @inlinable
    public subscript(row: Int, col: Int) -> Pixel {
        get { pixels[row * width + col] }
        set { pixels[row * width + col] = newValue }
    }

    @inlinable
    public func contains(row: Int, col: Int) -> Bool {
        row >= 0 && row < height && col >= 0 && col < width
    }

    /// The same raster with every pixel transformed.
    @inlinable
    public func map<T>(_ transform: (Pixel) throws -> T) rethrows -> Image<T> {
        Image<T>(width: width, height: height, pixels: try pixels.map(transform))
    }
}

extension Image: Equatable where Pixel: Equatable {}

/// Grey values as read from a scan, converted to `Float` (exact for 8- and 16-bit samples).
public typealias GrayImage = Image<Float>
/// A binary image; `true` is foreground.
public typealias Mask = Image<Bool>
