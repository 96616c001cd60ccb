/// An 8-bit sRGB colour: the pixel type of diagnostic images (`Image<RGB>`),
/// written to PNG by VolumeIO.
public struct RGB: Sendable, Equatable, Hashable, Codable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public init(gray: UInt8) { self.init(gray, gray, gray) }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
    public static let magenta = RGB(255, 0, 255)
    public static let gray = RGB(128, 128, 128)
}
