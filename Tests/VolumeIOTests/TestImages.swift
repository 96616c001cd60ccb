import Imaging
@testable import VolumeIO

/// Deterministic test images whose values cover each format's whole range,
/// including both extremes, so byte-order and bit-order mistakes cannot hide.
enum TestImages {
    /// A small linear congruential generator (Knuth's MMIX constants): the same
    /// sequence on every platform, unlike `SystemRandomNumberGenerator`.
    struct LCG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
    }

    static func pattern(_ format: TIFFSampleFormat, width: Int, height: Int, seed: Int) -> RawSlice {
        var random = LCG(state: UInt64(seed) &+ 12345)
        let count = width * height
        switch format {
        case .uint1:
            return .bit(Image(width: width, height: height, pixels: (0..<count).map { _ in random.next() & 1 == 1 }))
        case .uint8:
            var pixels = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            pixels[0] = 0; pixels[count - 1] = 255
            return .uint8(Image(width: width, height: height, pixels: pixels))
        case .uint16:
            var pixels = (0..<count).map { _ in UInt16(truncatingIfNeeded: random.next()) }
            pixels[0] = 0; pixels[1] = 0x0102; pixels[count - 1] = 65535
            return .uint16(Image(width: width, height: height, pixels: pixels))
        case .float32:
            var pixels = (0..<count).map { _ in Float(Int64(random.next() % 2_000_001) - 1_000_000) / 997 }
            pixels[0] = -Float.greatestFiniteMagnitude; pixels[1] = .leastNonzeroMagnitude; pixels[count - 1] = 1e30
            return .float32(Image(width: width, height: height, pixels: pixels))
        }
    }
}
