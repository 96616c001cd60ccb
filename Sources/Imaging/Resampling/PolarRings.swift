#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Concentric rings of an image about a centre, sampled by NEAREST NEIGHBOUR at
/// about one pixel of arc per sample.
///
/// Ring `r` (integer radius in px) holds `max(8, round(2πr))` samples at angles
/// `θ_k = 2πk / n` measured from +row (down the image) towards +col, the same
/// convention as the winding analysis. Nearest neighbour, not bilinear, so each
/// sample is one real pixel: differences of neighbouring samples then carry the
/// image's own noise instead of an interpolation-smoothed version of it.
/// Samples falling outside the image are `nil`-free: the ring is truncated to
/// radii whose whole circle lies inside the image.
public struct PolarRings: Sendable {
    public let centre: (row: Double, col: Double)
    /// `rings[r]` = samples of the ring of radius `r`, for `r` in `0..<rings.count`.
    public let rings: [[Float]]

    public init(_ image: GrayImage, centreRow: Double, centreCol: Double, maxRadius: Int) {
        centre = (centreRow, centreCol)
        let fitting = Int(Swift.min(centreRow, centreCol,
                                    Double(image.height - 1) - centreRow,
                                    Double(image.width - 1) - centreCol).rounded(.down))
        let rMax = Swift.max(0, Swift.min(maxRadius, fitting))
        var rings: [[Float]] = []
        rings.reserveCapacity(rMax + 1)
        image.pixels.withUnsafeBufferPointer { px in
            for r in 0...rMax {
                let n = Swift.max(8, Int((2 * Double.pi * Double(r)).rounded()))
                var ring = [Float](repeating: 0, count: n)
                let step = 2 * Double.pi / Double(n)
                for k in 0..<n {
                    let theta = Double(k) * step
                    let row = Int((centreRow + Double(r) * cos(theta)).rounded())
                    let col = Int((centreCol + Double(r) * sin(theta)).rounded())
                    ring[k] = px[row * image.width + col]
                }
                rings.append(ring)
            }
        }
        self.rings = rings
    }

    /// Angle in radians of sample `k` on ring `r`.
    public func angle(ring r: Int, sample k: Int) -> Double {
        2 * Double.pi * Double(k) / Double(rings[r].count)
    }
}
