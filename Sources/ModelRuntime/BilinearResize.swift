import Imaging

extension GrayImage {
    /// Bilinear resampling to `width`×`height` with pixel-centre alignment, as
    /// OpenCV `resize` with `INTER_LINEAR`: output pixel `x` samples the input at
    /// `(x + 0.5)·(inW / outW) − 0.5`, clamped to the edge. Same size: a copy.
    func bilinearResized(width: Int, height: Int) -> GrayImage {
        if width == self.width && height == self.height { return self }
        let sx = Double(self.width) / Double(width), sy = Double(self.height) / Double(height)
        let xs = (0..<width).map { Self.taps(Double($0), scale: sx, count: self.width) }
        var out = [Float](repeating: 0, count: width * height)
        let w = self.width
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for r in 0..<height {
                    let (y0, y1, fy) = Self.taps(Double(r), scale: sy, count: self.height)
                    let row0 = y0 * w, row1 = y1 * w
                    for c in 0..<width {
                        let (x0, x1, fx) = xs[c]
                        let top = src[row0 + x0] + (src[row0 + x1] - src[row0 + x0]) * fx
                        let bottom = src[row1 + x0] + (src[row1 + x1] - src[row1 + x0]) * fx
                        dst[r * width + c] = top + (bottom - top) * fy
                    }
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: out)
    }

    /// The two neighbouring input indices and the weight of the second.
    private static func taps(_ index: Double, scale: Double, count: Int) -> (Int, Int, Float) {
        let position = min(max((index + 0.5) * scale - 0.5, 0), Double(count - 1))
        let lower = Int(position.rounded(.down))
        return (lower, min(lower + 1, count - 1), Float(position - Double(lower)))
    }
}
