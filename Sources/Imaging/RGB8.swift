/// An 8-bit sRGB colour, the pixel of overlays and diagnostic pictures.
public struct RGB8: Sendable, Hashable, Codable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.init(red: red, green: green, blue: blue)
    }

    /// A grey of the given level.
    public init(gray: UInt8) { self.init(red: gray, green: gray, blue: gray) }

    public static let black = RGB8(gray: 0)
    public static let white = RGB8(gray: 255)
    public static let gray = RGB8(gray: 128)
    public static let magenta = RGB8(255, 0, 255)
}

/// A colour picture: `Image<RGB8>`, row-major like every `Image`.
public typealias RGBImage = Image<RGB8>
