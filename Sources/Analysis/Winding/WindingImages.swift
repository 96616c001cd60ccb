import Imaging

/// Diagnostic pictures of an unrolled winding, as RGB pixel buffers (`RGBImage`) (VolumeIO's
/// PNG writer stores them): a person sees at a glance where a layer leaves its spiral.
///
/// Colour = |deviation| of the pixel's chunk from its layer's fitted line, on a

/// blue (0 px) → yellow → red (`scalePx` or more) ramp; layers without a fit
/// (fragments) are grey.
public enum WindingImages {
    /// The unrolled winding: θ across (one column per `degreesPerColumn`, 0° at the
    /// left), radius up (one row per pixel of radius, the centre at the bottom row),
    /// each electrode pixel drawn at (θ, r) in its chunk's colour.
    public static func heatMap(_ u: UnrolledWinding, scalePx: Double, degreesPerColumn: Double = 1) -> RGBImage {
        let width = Int((360 / degreesPerColumn).rounded(.up))
        let maxRadius = u.pixels.reduce(Float(0)) { max($0, $1.radius) }
        let height = Int(maxRadius.rounded(.up)) + 1
        var image = RGBImage(width: width, height: height, repeating: RGB8.black)
        let colours = chunkColours(u, scalePx: scalePx)
        for p in u.pixels {
            let col = min(width - 1, Int(Double(p.angle) / degreesPerColumn))
            let row = height - 1 - Int(p.radius.rounded())
            image[row, col] = colours[Int(p.layer) - 1][Int(p.chunk)]
        }
        return image
    }

    /// The slice in grey (1st–99th percentile stretched to 0–255) with every
    /// electrode pixel in its chunk's colour and the centre marked by a white cross.
    public static func overlay(_ u: UnrolledWinding, on slice: GrayImage, scalePx: Double) -> RGBImage {
        precondition(slice.width == u.width && slice.height == u.height, "overlay: slice and mask sizes differ")
        let (lo, hi) = percentiles(slice.pixels)
        let span = max(hi - lo, .leastNormalMagnitude)
        var image = slice.map { v -> RGB8 in
            RGB8(gray: UInt8(max(0, min(255, ((v - lo) / span * 255).rounded()))))
        }
        let colours = chunkColours(u, scalePx: scalePx)
        for p in u.pixels { image.pixels[Int(p.pixel)] = colours[Int(p.layer) - 1][Int(p.chunk)] }
        for d in -4...4 {
            for (r, c) in [(u.centre.row + d, u.centre.col), (u.centre.row, u.centre.col + d)]
            where image.contains(row: r, col: c) {
                image[r, c] = RGB8.white
            }
        }
        return image
    }

    /// Blue → yellow → red for t in [0, 1] (clamped).
    public static func ramp(_ t: Double) -> RGB8 {
        let x = max(0, min(1, t))
        if x < 0.5 {
            let s = x / 0.5
            return RGB8(red: UInt8((s * 255).rounded()), green: UInt8((s * 255).rounded()), blue: UInt8(((1 - s) * 255).rounded()))
        }
        let s = (x - 0.5) / 0.5
        return RGB8(red: 255, green: UInt8(((1 - s) * 255).rounded()), blue: 0)
    }

    static func chunkColours(_ u: UnrolledWinding, scalePx: Double) -> [[RGB8]] {
        let scale = max(scalePx, 1e-9)
        return u.layers.map { layer in
            layer.chunks.map { chunk in chunk.deviation.map { ramp(abs($0) / scale) } ?? RGB8(gray: 128) }
        }
    }

    static func percentiles(_ values: [Float]) -> (Float, Float) {
        guard !values.isEmpty else { return (0, 1) }
        // A strided sample is plenty for display limits.
        let step = max(1, values.count / 20_000)
        let sample = stride(from: 0, to: values.count, by: step).map { values[$0] }.sorted()
        return (sample[sample.count / 100], sample[min(sample.count - 1, sample.count * 99 / 100)])
    }
}

extension WindingSliceAnalysis {
    /// Colour scale of the diagnostics: the buckle threshold, or the worst MaxAE if larger.
    public func colourScalePx(options: WindingOptions) -> Double {
        max(options.buckleThresholdPx, report.details.worst?.maxAbsErrorPx ?? 0)
    }
}
