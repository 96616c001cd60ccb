#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where concentric rings about a centre fall on an image grid: the pixel index
/// of every sample, nearest neighbour, about one pixel of arc per sample.
///
/// Ring `r` (integer radius in px) holds `max(8, round(2πr))` samples at angles
/// `θ_k = 2πk / n` measured from +row (down the image) towards +col, the same
/// convention as the winding analysis; sample k is the pixel nearest to
/// `(centreRow + r·cos θ_k, centreCol + r·sin θ_k)`. Rings stop at the largest
/// radius whose whole circle lies inside the image.
///
/// Computed once per centre and reused for every image sampled about it (a slice
/// and its neighbour): the angles come from one rotation per ring, not a sin/cos
/// per sample.
public struct PolarRingGrid: Sendable {
    public let centre: (row: Double, col: Double)
    public let width: Int
    public let height: Int
    /// Row-major pixel index of sample k of ring r: `indices[offsets[r] + k]`.
    let indices: [Int32]
    /// `offsets[r] ..< offsets[r + 1]` are ring r's samples.
    let offsets: [Int]

    public var ringCount: Int { offsets.count - 1 }

    public init(width: Int, height: Int, centreRow: Double, centreCol: Double, maxRadius: Int) {
        centre = (centreRow, centreCol)
        self.width = width
        self.height = height
        let fitting = Int(Swift.min(centreRow, centreCol, Double(height - 1) - centreRow,
                                    Double(width - 1) - centreCol).rounded(.down))
        let rMax = Swift.max(0, Swift.min(maxRadius, fitting))
        var offsets = [0]
        offsets.reserveCapacity(rMax + 2)
        for r in 0...rMax { offsets.append(offsets[r] + Self.sampleCount(radius: r)) }
        var indices = [Int32](repeating: 0, count: offsets[rMax + 1])
        indices.withUnsafeMutableBufferPointer { out in
            for r in 0...rMax {
                let n = offsets[r + 1] - offsets[r]
                let step = 2 * Double.pi / Double(n)
                let (cd, sd) = (cos(step), sin(step))
                var (c, s) = (1.0, 0.0)
                let radius = Double(r)
                for k in 0..<n {
                    // Positions are ≥ 0 inside the image, so +0.5 and truncation round half up, as `rounded()`.
                    let row = Int(centreRow + radius * c + 0.5), col = Int(centreCol + radius * s + 0.5)
                    out[offsets[r] + k] = Int32(row * width + col)
                    (c, s) = (c * cd - s * sd, s * cd + c * sd)
                }
            }
        }
        self.indices = indices
        self.offsets = offsets
    }

    static func sampleCount(radius r: Int) -> Int { Swift.max(8, Int((2 * Double.pi * Double(r)).rounded())) }
}

/// Concentric rings of an image about a centre, sampled by NEAREST NEIGHBOUR on a
/// `PolarRingGrid`.
///
/// Nearest neighbour, not bilinear, so each sample is one real pixel: differences
/// of neighbouring samples then carry the image's own noise instead of an
/// interpolation-smoothed version of it.
public struct PolarRings: Sendable {
    public let centre: (row: Double, col: Double)
    /// `rings[r]` = samples of the ring of radius `r`, for `r` in `0..<rings.count`.
    public let rings: [[Float]]

    public init(_ image: GrayImage, grid: PolarRingGrid) {
        precondition(image.width == grid.width && image.height == grid.height, "PolarRings: image and grid sizes differ")
        centre = grid.centre
        rings = image.pixels.withUnsafeBufferPointer { px in
            grid.indices.withUnsafeBufferPointer { idx in
                (0..<grid.ringCount).map { r in
                    let lo = grid.offsets[r], hi = grid.offsets[r + 1]
                    return [Float](unsafeUninitializedCapacity: hi - lo) { out, count in
                        for k in lo..<hi { out[k - lo] = px[Int(idx[k])] }
                        count = hi - lo
                    }
                }
            }
        }
    }

    public init(_ image: GrayImage, centreRow: Double, centreCol: Double, maxRadius: Int) {
        self.init(image, grid: PolarRingGrid(width: image.width, height: image.height,
                                             centreRow: centreRow, centreCol: centreCol, maxRadius: maxRadius))
    }

    /// Angle in radians of sample `k` on ring `r`.
    public func angle(ring r: Int, sample k: Int) -> Double {
        2 * Double.pi * Double(k) / Double(rings[r].count)
    }
}
