import Foundation

/// Shape descriptors of one labelled region, as scikit-image `regionprops`.
///
/// - `area`: pixel count.
/// - `bbox`: `(minRow, minCol, maxRow, maxCol)` with the max bounds *exclusive*,
///   as scikit-image (`bbox[2] - bbox[0]` is the number of rows spanned).
/// - `centroid`: mean `(row, col)` of the pixels.
/// - `orientation`: angle in radians, in [-π/2, π/2], between axis 0 (rows) and
///   the major axis of the ellipse with the region's second central moments,
///   `0.5·atan2(2·μ11, μ20 − μ02)` with μ20 the row variance, μ02 the column
///   variance and μ11 the covariance (scikit-image's inertia-tensor form; when
///   μ20 = μ02 it returns ±π/4 by the sign of μ11 as scikit-image does). A region
///   elongated along the rows has orientation 0; one whose column grows with its
///   row has a positive orientation.
///
/// `rowScale` stretches row distances before the moments are taken, for images
/// whose rows are further apart than their columns (sections of a volume with a
/// coarser slice step): the orientation then equals scikit-image's on the image
/// resampled to square pixels, i.e. the physical angle. Area, bbox and centroid
/// stay in pixels.
public struct RegionProperties: Sendable, Equatable, Codable {
    public var label: Int
    public var area: Int
    public var minRow: Int
    public var minCol: Int
    /// Exclusive.
    public var maxRow: Int
    /// Exclusive.
    public var maxCol: Int
    public var centroidRow: Double
    public var centroidCol: Double
    public var orientation: Double

    public var height: Int { maxRow - minRow }
    public var width: Int { maxCol - minCol }

    /// Properties of every positive label in `labels`, ordered by label.
    public static func measure<L: BinaryInteger & Sendable>(_ labels: Image<L>, rowScale: Double = 1) -> [RegionProperties] {
        measure(labels.map { Int32(truncatingIfNeeded: $0) }, rowScale: rowScale)
    }

    /// The same on `Int32` labels (`Labeling`'s): sums in an array indexed by
    /// label, one pass over the image, no generic conversion per pixel.
    public static func measure(_ labels: Image<Int32>, rowScale: Double = 1) -> [RegionProperties] {
        let largest = Int(labels.pixels.max() ?? 0)
        guard largest > 0 else { return [] }
        var sums = [MomentSums](repeating: MomentSums(), count: largest + 1)
        labels.pixels.withUnsafeBufferPointer { px in
            sums.withUnsafeMutableBufferPointer { sum in
                for row in 0..<labels.height {
                    let base = row * labels.width
                    let y = Double(row) * rowScale
                    for col in 0..<labels.width {
                        let l = Int(px[base + col])
                        if l <= 0 { continue }
                        let x = Double(col)
                        sum[l].n += 1
                        sum[l].minR = min(sum[l].minR, row); sum[l].maxR = max(sum[l].maxR, row)
                        sum[l].minC = min(sum[l].minC, col); sum[l].maxC = max(sum[l].maxC, col)
                        sum[l].r += y; sum[l].c += x; sum[l].rr += y * y; sum[l].cc += x * x; sum[l].rc += y * x
                    }
                }
            }
        }
        return (1...largest).compactMap { l in
            let s = sums[l]
            guard s.n > 0 else { return nil }
            let n = Double(s.n)
            let mr = s.r / n, mc = s.c / n
            let mu20 = s.rr / n - mr * mr, mu02 = s.cc / n - mc * mc, mu11 = s.rc / n - mr * mc
            return RegionProperties(label: l, area: s.n, minRow: s.minR, minCol: s.minC,
                                    maxRow: s.maxR + 1, maxCol: s.maxC + 1,
                                    centroidRow: mr / rowScale, centroidCol: mc,
                                    orientation: orientation(mu20: mu20, mu02: mu02, mu11: mu11))
        }
    }

    /// scikit-image's `orientation` from central moments (normalisation cancels).
    static func orientation(mu20: Double, mu02: Double, mu11: Double) -> Double {
        // scikit-image: a = μ02, b = −μ11, c = μ20; if a − c == 0 → ±π/4, else 0.5·atan2(−2b, c − a).
        // Tiny round-off differences are treated as equal, as exact equality is intended.
        let scale = max(abs(mu20), abs(mu02), 1e-300)
        if abs(mu02 - mu20) <= 1e-12 * scale {
            return -mu11 < 0 ? Double.pi / 4 : -Double.pi / 4
        }
        return 0.5 * atan2(2 * mu11, mu20 - mu02)
    }
}

/// Running pixel count, bounds and raw moments of one region.
private struct MomentSums {
    var n = 0, minR = Int.max, minC = Int.max, maxR = Int.min, maxC = Int.min
    var r = 0.0, c = 0.0, rr = 0.0, cc = 0.0, rc = 0.0
}
