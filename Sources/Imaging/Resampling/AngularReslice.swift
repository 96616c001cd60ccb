import Foundation

/// Vertical sections through a volume on planes that contain an axis line, at
/// evenly spaced angles (0°, step, 2·step, … < 180°).
///
/// This is the "angular slicing" of the reference workflow (notebook 01), which
/// rotates the whole volume about the array centre with `scipy.ndimage.rotate`
/// (order 1, no reshape) and keeps the central row of each rotated slice. Only
/// that row is needed, so here each section row is sampled directly: on slice `z`
/// the axis crosses at `c(z)` (`AxisLine.point(atSlice:)`, so a tilted or
/// off-centre axis is followed exactly) and column `u + radius` holds the
/// bilinear interpolation of the slice at `c(z) + u·(cos θ, sin θ)`,
/// u = -radius … +radius pixels. Neighbours outside the slice count as 0
/// (scipy's `mode="constant", cval=0`).
///
/// Streaming: every slice of the requested range is read once from the
/// `SliceSource`, all angles' rows are sampled from it, and it is dropped.
/// Slices are processed concurrently, a few at a time.
public struct AngularReslice: Sendable {
    public var angleStepDegrees: Double
    /// Half-width of each section in pixels (the section is `2·radius + 1` wide).
    public var radius: Int

    public init(angleStepDegrees: Double = 5, radius: Int) {
        precondition(angleStepDegrees > 0 && angleStepDegrees <= 180, "angle step must be in (0°, 180°]")
        precondition(radius >= 0)
        self.angleStepDegrees = angleStepDegrees
        self.radius = radius
    }

    /// 0, step, 2·step, … while below 180° (0…175 for the default 5° step).
    public var anglesDegrees: [Double] {
        let count = Int((180 / angleStepDegrees - 1e-9).rounded(.down)) + 1
        return (0..<count).map { Double($0) * angleStepDegrees }
    }

    /// Whether the step divides 180°, so that the last section and the first (read the
    /// other way) are neighbours one step apart.
    public var coversHalfTurn: Bool {
        let steps = 180 / angleStepDegrees
        return abs(steps - steps.rounded()) < 1e-9
    }

    /// The sections of slices `slices` (row 0 = `slices.lowerBound`), one per angle.
    public func sections(of source: some SliceSource, axis: AxisLine, slices: Range<Int>) async throws -> [AngularSection] {
        precondition(slices.lowerBound >= 0 && slices.upperBound <= source.shape.depth && !slices.isEmpty,
                     "AngularReslice: slice range \(slices) outside 0..<\(source.shape.depth)")
        let angles = anglesDegrees
        let width = 2 * radius + 1
        let rowLength = angles.count * width
        // rows[slice - lower][angle * width + col]
        var sampled = [Float](repeating: 0, count: slices.count * rowLength)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, slices.count))
        try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            var next = slices.lowerBound
            func launch() {
                let z = next
                next += 1
                group.addTask {
                    let image = try source.slice(z)
                    return (z, self.sampleRows(of: image, centre: axis.point(atSlice: Double(z)), angles: angles))
                }
            }
            for _ in 0..<workers where next < slices.upperBound { launch() }
            while let (z, rows) = try await group.next() {
                let offset = (z - slices.lowerBound) * rowLength
                sampled.withUnsafeMutableBufferPointer { out in
                    rows.withUnsafeBufferPointer { src in
                        for i in 0..<rowLength { out[offset + i] = src[i] }
                    }
                }
                if next < slices.upperBound { launch() }
            }
        }
        return angles.enumerated().map { a, angle in
            var pixels = [Float](repeating: 0, count: slices.count * width)
            pixels.withUnsafeMutableBufferPointer { out in
                sampled.withUnsafeBufferPointer { src in
                    for r in 0..<slices.count {
                        let from = r * rowLength + a * width
                        for c in 0..<width { out[r * width + c] = src[from + c] }
                    }
                }
            }
            return AngularSection(angleDegrees: angle, firstSlice: slices.lowerBound, radius: radius,
                                  image: GrayImage(width: width, height: slices.count, pixels: pixels))
        }
    }

    /// One row per angle, concatenated: the slice sampled along each direction through `centre`.
    func sampleRows(of image: GrayImage, centre: AxisLine.Point, angles: [Double]) -> [Float] {
        let width = 2 * radius + 1
        var out = [Float](repeating: 0, count: angles.count * width)
        image.pixels.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { dst in
                for (a, angle) in angles.enumerated() {
                    let theta = angle * Double.pi / 180
                    let dx = cos(theta), dy = sin(theta)
                    for c in 0..<width {
                        let u = Double(c - radius)
                        dst[a * width + c] = Self.bilinear(px, width: image.width, height: image.height,
                                                           x: centre.x + u * dx, y: centre.y + u * dy)
                    }
                }
            }
        }
        return out
    }

    /// Bilinear interpolation at (x, y) in pixel-centre coordinates; neighbours outside the image are 0.
    @inlinable
    static func bilinear(_ px: UnsafeBufferPointer<Float>, width: Int, height: Int, x: Double, y: Double) -> Float {
        let x0 = BilinearSampling.floorIndex(x), y0 = BilinearSampling.floorIndex(y)
        let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
        if x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height {
            let i = y0 * width + x0
            let top = px[i] + fx * (px[i + 1] - px[i])
            let bottom = px[i + width] + fx * (px[i + width + 1] - px[i + width])
            return top + fy * (bottom - top)
        }
        func at(_ r: Int, _ c: Int) -> Float {
            (r >= 0 && r < height && c >= 0 && c < width) ? px[r * width + c] : 0
        }
        let top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx
        let bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
