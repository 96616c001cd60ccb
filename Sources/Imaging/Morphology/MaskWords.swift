/// Whole-mask operations eight pixels at a time: a `Bool` is one byte, 0 or 1, so
/// a 64-bit word holds eight pixels and its population count is how many are set.
/// A megapixel can mask is mostly empty; these replace per-pixel loops over it.
extension Image where Pixel == Bool {
    /// Number of `true` pixels.
    public var trueCount: Int {
        pixels.withUnsafeBytes { raw in
            let words = raw.count / 8
            var count = 0
            for w in 0..<words { count += raw.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self).nonzeroBitCount }
            for i in (8 * words)..<raw.count { count += Int(raw[i]) }
            return count
        }
    }

    /// Clears every pixel set in `other` (same size): `self && !other`.
    public mutating func subtract(_ other: Mask) {
        combine(other, "subtract") { $0 & ~$1 }
    }

    /// Sets every pixel set in `other` (same size): `self || other`.
    public mutating func formUnion(_ other: Mask) {
        combine(other, "formUnion") { $0 | $1 }
    }

    /// Clears every pixel not set in `other` (same size): `self && other`.
    public mutating func formIntersection(_ other: Mask) {
        combine(other, "formIntersection") { $0 & $1 }
    }

    /// `self = op(self, other)` eight pixels at a time; `op` must keep each byte 0 or 1
    /// for bytes that are 0 or 1 (and, or, and-not do).
    private mutating func combine(_ other: Mask, _ name: String, _ op: (UInt64, UInt64) -> UInt64) {
        precondition(width == other.width && height == other.height, "\(name): masks of different sizes")
        pixels.withUnsafeMutableBytes { target in
            other.pixels.withUnsafeBytes { source in
                let words = target.count / 8
                for w in 0..<words {
                    let a = target.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self)
                    let b = source.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self)
                    target.storeBytes(of: op(a, b), toByteOffset: 8 * w, as: UInt64.self)
                }
                for i in (8 * words)..<target.count { target[i] = UInt8(truncatingIfNeeded: op(UInt64(target[i]), UInt64(source[i])) & 1) }
            }
        }
    }

    /// `body(index)` for every set pixel, in raster order (row-major index); empty
    /// stretches are passed over a word at a time.
    public func forEachTrueIndex(_ body: (Int) throws -> Void) rethrows {
        try pixels.withUnsafeBytes { raw in
            let words = raw.count / 8
            for w in 0..<words where raw.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self) != 0 {
                for i in (8 * w)..<(8 * w + 8) where raw[i] != 0 { try body(i) }
            }
            for i in (8 * words)..<raw.count where raw[i] != 0 { try body(i) }
        }
    }
}
