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
/// Implementation: on the mask's bytes (0/1), a horizontal OR over each distinct
/// footprint row span, once per image row, then per output row an OR of the spans'
/// rows; every inner loop is a plain byte loop the compiler vectorises. Erosion is
/// the complement of the dilation of the complement, which turns "out-of-image is
/// foreground for erosion" into "out-of-image is background for dilation".
public enum BinaryMorphology {
    public static func erosion(_ mask: Mask, _ footprint: Footprint) -> Mask {
        anyUnderFootprint(mask, footprint, complemented: true)
    }

    public static func dilation(_ mask: Mask, _ footprint: Footprint) -> Mask {
        anyUnderFootprint(mask, footprint, complemented: false)
    }

    public static func opening(_ mask: Mask, _ footprint: Footprint) -> Mask {
        dilation(erosion(mask, footprint), footprint)
    }

    public static func closing(_ mask: Mask, _ footprint: Footprint) -> Mask {
        erosion(dilation(mask, footprint), footprint)
    }

    /// `out[p] = any(in[p + o])` over the footprint offsets o inside the image; with
    /// `complemented`, `in` and `out` are both complemented (erosion).
    private static func anyUnderFootprint(_ mask: Mask, _ footprint: Footprint, complemented: Bool) -> Mask {
        let width = mask.width, height = mask.height
        guard width > 0, height > 0 else { return mask }
        let runs = footprint.runs
        let flip: UInt8 = complemented ? 1 : 0
        let spans = Array(Set(runs.map { Span(first: $0.firstCol, last: $0.lastCol) }))
        let pad = spans.map { max(abs($0.first), abs($0.last)) }.max() ?? 0
        // spread[s][row][c] = any(in[row][c + first ... c + last]) for span s.
        var spread = [[UInt8]](repeating: [], count: spans.count)
        var line = [UInt8](repeating: 0, count: width + 2 * pad)
        mask.pixels.withUnsafeBytes { source in
            for (s, span) in spans.enumerated() {
                spread[s] = [UInt8](unsafeUninitializedCapacity: width * height) { out, initialised in
                    line.withUnsafeMutableBufferPointer { padded in
                        for row in 0..<height {
                            let src = source.baseAddress!.assumingMemoryBound(to: UInt8.self) + row * width
                            let inner = padded.baseAddress! + pad
                            for c in 0..<width { inner[c] = src[c] ^ flip }
                            let dst = out.baseAddress! + row * width
                            let first = padded.baseAddress! + pad + span.first
                            for c in 0..<width { dst[c] = first[c] }
                            var offset = 1
                            while offset <= span.last - span.first {
                                let shifted = first + offset
                                for c in 0..<width { dst[c] |= shifted[c] }
                                offset += 1
                            }
                        }
                    }
                    initialised = width * height
                }
            }
        }
        let spanIndex = runs.map { run in spans.firstIndex(of: Span(first: run.firstCol, last: run.lastCol))! }
        let pixels = [Bool](unsafeUninitializedCapacity: width * height) { out, initialised in
            out.withMemoryRebound(to: UInt8.self) { dst in
                for row in 0..<height {
                    let o = dst.baseAddress! + row * width
                    for c in 0..<width { o[c] = 0 }
                    for (r, run) in runs.enumerated() {
                        let source = row + run.rowOffset
                        guard source >= 0, source < height else { continue }
                        spread[spanIndex[r]].withUnsafeBufferPointer { sp in
                            let s = sp.baseAddress! + source * width
                            for c in 0..<width { o[c] |= s[c] }
                        }
                    }
                    for c in 0..<width { o[c] ^= flip }
                }
            }
            initialised = width * height
        }
        return Mask(width: width, height: height, pixels: pixels)
    }

    /// A footprint row's column offsets `first ... last`.
    private struct Span: Hashable {
        let first: Int
        let last: Int
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
