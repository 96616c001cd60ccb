/// Bilinear interpolation of a grey image at a sub-pixel position.
///
/// Definition followed: pixel values sit at integer (row, col) centres, as in
/// scikit-image / scipy `map_coordinates(order=1)`; the value at (r, c) blends the four
/// surrounding centres by the fractional offsets. Positions outside
/// `[0, height−1] × [0, width−1]` return `outside` (scipy `mode='constant', cval`).
public enum BilinearSampling {
    @inlinable
    public static func sample(_ image: GrayImage, row: Double, col: Double, outside: Float = 0) -> Float {
        let w = image.width, h = image.height
        guard row >= 0, col >= 0, row <= Double(h - 1), col <= Double(w - 1) else { return outside }
        let r0 = min(Int(row), max(0, h - 2)), c0 = min(Int(col), max(0, w - 2))
        let fr = row - Double(r0), fc = col - Double(c0)
        return image.pixels.withUnsafeBufferPointer { p in
            let r1 = min(r0 + 1, h - 1), c1 = min(c0 + 1, w - 1)
            let v00 = Double(p[r0 * w + c0]), v01 = Double(p[r0 * w + c1])
            let v10 = Double(p[r1 * w + c0]), v11 = Double(p[r1 * w + c1])
            let top = v00 + (v01 - v00) * fc
            let bottom = v10 + (v11 - v10) * fc
            return Float(top + (bottom - top) * fr)
        }
    }

    /// Samples along a list of positions (e.g. one line through the cell axis).
    public static func sample(_ image: GrayImage, rows: [Double], cols: [Double], outside: Float = 0) -> [Float] {
        precondition(rows.count == cols.count)
        return (0..<rows.count).map { sample(image, row: rows[$0], col: cols[$0], outside: outside) }
    }

    /// `Int(x.rounded(.down))` without the libm `floor` call the x86-64 baseline
    /// makes for it (no SSE4.1 rounding instruction): truncate, then step down for
    /// a negative fraction. Same value for every finite `x` in `Int`'s range.
    @inlinable
    public static func floorIndex(_ x: Double) -> Int {
        let t = Int(x)
        return Double(t) > x ? t - 1 : t
    }
}
