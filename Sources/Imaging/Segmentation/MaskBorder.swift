/// One-pixel inner border of a mask: foreground pixels with at least one of their
/// 8 neighbours outside the foreground, positions beyond the image counting as outside.
///
/// Definition followed: the notebook's `surface_pixels_convolve`, i.e.
/// `mask & ~(mask & (convolve(mask, ones(3,3), mode='constant', cval=0) == 9))`.
public enum MaskBorder {
    /// Row by row: the AND of the three rows around a pixel, then of three neighbouring
    /// columns of that, on the bytes of the `Bool`s (0 or 1), so the loops vectorise.
    public static func border(of mask: Mask) -> Mask {
        let w = mask.width, h = mask.height
        var out = [Bool](repeating: false, count: w * h)
        guard w > 0, h > 0 else { return Mask(width: w, height: h, pixels: out) }
        var vertical = [UInt8](repeating: 0, count: w)
        mask.pixels.withUnsafeBytes { raw in
            out.withUnsafeMutableBytes { rawOut in
                vertical.withUnsafeMutableBufferPointer { v in
                    let m = raw.bindMemory(to: UInt8.self), o = rawOut.bindMemory(to: UInt8.self)
                    for r in 0..<h {
                        let mid = r * w
                        // Rows on the image border: every foreground pixel is border.
                        if r == 0 || r == h - 1 || w < 3 {
                            for c in 0..<w { o[mid + c] = m[mid + c] }
                            continue
                        }
                        // Row pointers, so the inner loops carry no index arithmetic
                        // (with its overflow checks) and vectorise.
                        let above = m.baseAddress! + (mid - w), row = m.baseAddress! + mid, below = m.baseAddress! + (mid + w)
                        let vertical = v.baseAddress!, left = vertical, right = vertical + 2
                        let centre = row + 1, target = o.baseAddress! + (mid + 1)
                        for c in 0..<w { vertical[c] = above[c] & row[c] & below[c] }
                        o[mid] = m[mid]
                        o[mid + w - 1] = m[mid + w - 1]
                        for c in 0..<(w - 2) { target[c] = centre[c] & (1 ^ (left[c] & left[c &+ 1] & right[c])) }
                    }
                }
            }
        }
        return Mask(width: w, height: h, pixels: out)
    }
}
