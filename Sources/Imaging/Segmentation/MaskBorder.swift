/// One-pixel inner border of a mask: foreground pixels with at least one of their
/// 8 neighbours outside the foreground, positions beyond the image counting as outside.
///
/// Definition followed: the notebook's `surface_pixels_convolve`, i.e.
/// `mask & ~(mask & (convolve(mask, ones(3,3), mode='constant', cval=0) == 9))`.
public enum MaskBorder {
    public static func border(of mask: Mask) -> Mask {
        let w = mask.width, h = mask.height
        var out = [Bool](repeating: false, count: w * h)
        mask.pixels.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<h {
                    for c in 0..<w where m[r * w + c] {
                        if r == 0 || r == h - 1 || c == 0 || c == w - 1 { o[r * w + c] = true; continue }
                        let up = (r - 1) * w + c, mid = r * w + c, dn = (r + 1) * w + c
                        let interior = m[up - 1] && m[up] && m[up + 1] && m[mid - 1] && m[mid + 1]
                            && m[dn - 1] && m[dn] && m[dn + 1]
                        if !interior { o[mid] = true }
                    }
                }
            }
        }
        return Mask(width: w, height: h, pixels: out)
    }
}
