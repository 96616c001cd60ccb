/// Binary erosion, dilation, opening and closing with scikit-image semantics.
///
/// Definitions followed (scikit-image 0.26 `morphology.erosion` / `dilation` on a
/// 0/1 image, default `mode='reflect'`):
/// - erosion: `out[p] = all(in[p + o] for o in footprint)`;
/// - dilation: `out[p] = any(in[p + o] for o in footprint)`;
/// - out-of-image neighbours are ignored, i.e. treated as foreground by erosion
///   and as background by dilation. For footprints that are symmetric and shrink
///   away from the centre (disk, star, square) this is exactly what skimage's
///   `'reflect'` padding gives (checked against skimage 0.26 on random images for
///   star(1), star(2), disk(2)). It differs from SciPy's `binary_erosion`, whose
///   default `border_value=0` erodes everything touching the border.
/// - opening = dilation(erosion(·)), closing = erosion(dilation(·)), same footprint.
///
/// Implementation: per-row prefix counts, so each footprint row run is tested in
/// O(1); cost O(width · height · footprint rows).
public enum BinaryMorphology {
    public static func erosion(_ mask: Mask, _ footprint: Footprint) -> Mask {
        // A pixel survives when no footprint run covers a background pixel.
        apply(mask, footprint, countOf: false, resultWhenFound: false)
    }

    public static func dilation(_ mask: Mask, _ footprint: Footprint) -> Mask {
        // A pixel is set when some footprint run covers a foreground pixel.
        apply(mask, footprint, countOf: true, resultWhenFound: true)
    }

    public static func opening(_ mask: Mask, _ footprint: Footprint) -> Mask {
        dilation(erosion(mask, footprint), footprint)
    }

    public static func closing(_ mask: Mask, _ footprint: Footprint) -> Mask {
        erosion(dilation(mask, footprint), footprint)
    }

    /// Shared kernel: `out[p] = resultWhenFound` if any in-image pixel under the
    /// footprint at `p` equals `countOf`, else `!resultWhenFound`.
    private static func apply(_ mask: Mask, _ footprint: Footprint, countOf target: Bool, resultWhenFound: Bool) -> Mask {
        let width = mask.width, height = mask.height
        guard width > 0, height > 0 else { return mask }
        let stride = width + 1
        var prefix = [Int32](repeating: 0, count: stride * height)
        mask.pixels.withUnsafeBufferPointer { src in
            prefix.withUnsafeMutableBufferPointer { pre in
                for row in 0..<height {
                    var running: Int32 = 0
                    let s = row * width, p = row * stride
                    for col in 0..<width {
                        if src[s + col] == target { running += 1 }
                        pre[p + col + 1] = running
                    }
                }
            }
        }
        // Per output row, OR over the footprint's runs of a horizontal window test on
        // the run's source row. Columns whose window lies inside the image take the
        // unclamped form, a loop without branches the compiler vectorises.
        let runs = footprint.runs
        var out = [Bool](repeating: !resultWhenFound, count: width * height)
        var found = [UInt8](repeating: 0, count: width)
        prefix.withUnsafeBufferPointer { pre in
            out.withUnsafeMutableBufferPointer { dst in
                found.withUnsafeMutableBufferPointer { hit in
                    for row in 0..<height {
                        for c in 0..<width { hit[c] = 0 }
                        for run in runs {
                            let r = row + run.rowOffset
                            if r < 0 || r >= height { continue }
                            let p = r * stride, a = run.firstCol, b = run.lastCol
                            let inner = max(0, -a)..<max(max(0, -a), min(width, width - b))
                            let upper = pre.baseAddress! + (p + b + 1), lower = pre.baseAddress! + (p + a)
                            for c in inner {
                                hit[c] |= upper[c] &- lower[c] > 0 ? 1 : 0
                            }
                            // The clamped columns at either edge (no array of ranges: this runs per row and run).
                            func clamped(_ columns: Range<Int>) {
                                for c in columns {
                                    let lo = max(0, c + a), hi = min(width - 1, c + b)
                                    if lo <= hi && pre[p + hi + 1] - pre[p + lo] > 0 { hit[c] = 1 }
                                }
                            }
                            clamped(0..<inner.lowerBound)
                            clamped(inner.upperBound..<width)
                        }
                        let base = row * width
                        for c in 0..<width where hit[c] != 0 { dst[base + c] = resultWhenFound }
                    }
                }
            }
        }
        return Mask(width: width, height: height, pixels: out)
    }
}

extension Image where Pixel == Bool {
    /// `BinaryMorphology.erosion(self, footprint)`.
    public func eroded(by footprint: Footprint) -> Mask { BinaryMorphology.erosion(self, footprint) }
    /// `BinaryMorphology.dilation(self, footprint)`.
    public func dilated(by footprint: Footprint) -> Mask { BinaryMorphology.dilation(self, footprint) }
    /// `BinaryMorphology.opening(self, footprint)`.
    public func opened(by footprint: Footprint) -> Mask { BinaryMorphology.opening(self, footprint) }
    /// `BinaryMorphology.closing(self, footprint)`.
    public func closed(by footprint: Footprint) -> Mask { BinaryMorphology.closing(self, footprint) }
}
