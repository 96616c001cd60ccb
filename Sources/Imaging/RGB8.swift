/// An 8-bit sRGB colour, the pixel of overlays and diagnostic pictures.
public struct RGB8: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A grey of the given level.
    public init(gray: UInt8) { self.init(red: gray, green: gray, blue: gray) }

    public static let black = RGB8(gray: 0)
    public static let white = RGB8(gray: 255)
}

/// A colour picture: `Image<RGB8>`, row-major like every `Image`.
public typealias RGBImage = Image<RGB8>
