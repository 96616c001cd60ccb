import Foundation
import Imaging

/// The electrode mask of one axial slice unrolled into polar coordinates and split
/// into layers, with a line fit per layer (docs/method.md step 5, notebook 03).
///
/// Definitions followed (the reference's `virtual_unroll` + `add_linear_fit_errors`):
/// 1. radius of pixel (row, col) = Euclidean distance to the centre (r0, c0), px;
///    angle = atan2(col − c0, row − r0) in degrees, mapped to [0, 360) as
///    `(a + 360) % 360` (0° points down the image, +row; 90° to +col);
/// 2. the seam: pixels at exactly 0° (col == c0, row ≥ r0, the centre included)
///    are removed, then the mask is labelled with 8-connectivity in raster-scan
///    order (scikit-image `label`) and the numbering reversed: layer = max + 1 − label;
/// 3. per layer, pixels sorted by angle (ties kept in raster order: a stable sort;
///    NumPy's default quicksort leaves tie order unspecified, which can move one
///    pixel between neighbouring chunks) and split into max(1, n / chunkSize) chunks
///    as `numpy.array_split` (the first n mod k chunks get one extra pixel);
///    per chunk mean angle, mean radius, thickness = max − min radius;
/// 4. layers with ≥ 2 chunks: least-squares line r = a + b·θ (θ in degrees) through
///    the chunk means; RMSE and MaxAE of the chunk radii against it.
public struct UnrolledWinding: Sendable {
    public let centre: WindingCentre
    /// Layers in reference order (index 1, 2, …).
    public let layers: [WindingLayer]
    /// Number of labels after the seam cut (= layers.count).
    public var labelCount: Int { layers.count }
    /// For every electrode pixel (row-major index), its layer index (1-based) and
    /// chunk index (0-based); seam pixels are absent. For drawing diagnostics; empty
    /// unless asked for (`keepsPixels`).
    public let pixels: [Assignment]
    public let width: Int
    public let height: Int

    public struct Assignment: Sendable {
        public let pixel: Int32
        public let layer: Int32
        public let chunk: Int32
        public let angle: Float
        public let radius: Float
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case centreOutside(WindingCentre, width: Int, height: Int)
        case emptyMask
        public var description: String {
            switch self {
            case let .centreOutside(c, w, h):
                "winding centre (row \(c.row), col \(c.col)) lies outside the \(w)×\(h) slice: check the can fit"
            case .emptyMask:
                "the electrode mask is empty: check the electrode threshold or the mask file"
            }
        }
    }

    /// The angle of offset (dy, dx) from the centre as the reference computes it.
    @inlinable
    public static func angleDegrees(dy: Int, dx: Int) -> Double {
        let a = atan2(Double(dx), Double(dy)) * (180.0 / Double.pi)
        // (a + 360) mod 360 without fmod: a + 360 lies in [180, 540], where
        // subtracting 360 is exact (Sterbenz), so the bits are fmod's.
        let shifted = a + 360.0
        return shifted >= 360.0 ? shifted - 360.0 : shifted
    }

    /// - Parameters:
    ///   - angles: precomputed angles (`AngleTable`) for a cell's many slices; the
    ///     same values as computing them here.
    ///   - keepsPixels: record every pixel's layer and chunk (`pixels`), for pictures;
    ///     a whole-cell run measures without them.
    public init(mask: Mask, centre: WindingCentre, chunkSize: Int = 75, angles: AngleTable? = nil,
                keepsPixels: Bool = true) throws(Failure) {
        precondition(chunkSize > 0)
        guard mask.contains(row: centre.row, col: centre.col) else {
            throw .centreOutside(centre, width: mask.width, height: mask.height)
        }
        let width = mask.width
        self.centre = centre
        self.width = width
        self.height = mask.height

        // Seam cut: col == c0 and row ≥ r0 is exactly angle 0 (atan2(0, dy ≥ 0) = 0).
        var cut = mask
        for row in centre.row..<mask.height { cut[row, centre.col] = false }
        // Every offset inside the slice is in the table, or the table is not used.
        let table = angles.flatMap { $0.radius >= max(mask.width, mask.height) - 1 ? $0 : nil }
        let runs = MaskRuns(cut)
        let (runLabels, sizes) = runs.components(connectivity: .eight)
        let count = sizes.count
        guard count > 0 else { throw .emptyMask }
        // Pixels of each label in raster order.
        let (order, start) = runs.pixelsByComponent(labels: runLabels, sizes: sizes)

        var layers: [WindingLayer] = []
        var assignments: [Assignment] = []
        if keepsPixels { assignments.reserveCapacity(order.count) }
        for index in 1...count {
            let label = count + 1 - index
            let members = order[start[label - 1]..<start[label]]
            let samples = Self.sortedByAngle(members.map { p -> Sample in
                let dy = Int(p) / width - centre.row, dx = Int(p) % width - centre.col
                let radius = Double(dy * dy + dx * dx).squareRoot()
                let angle = table?.angle(dy: dy, dx: dx) ?? Self.angleDegrees(dy: dy, dx: dx)
                return Sample(angle: angle, radius: radius, pixel: p)
            })

            let n = samples.count
            let k = max(1, n / chunkSize)
            let base = n / k, extra = n % k
            var chunks: [WindingChunk] = []
            chunks.reserveCapacity(k)
            var lo = 0
            for c in 0..<k {
                let hi = lo + base + (c < extra ? 1 : 0)
                var sumA = 0.0, sumR = 0.0, minR = Double.infinity, maxR = -Double.infinity
                for s in samples[lo..<hi] {
                    sumA += s.angle
                    sumR += s.radius
                    minR = min(minR, s.radius)
                    maxR = max(maxR, s.radius)
                    if keepsPixels {
                        assignments.append(Assignment(pixel: s.pixel, layer: Int32(index), chunk: Int32(c),
                                                      angle: Float(s.angle), radius: Float(s.radius)))
                    }
                }
                let m = Double(hi - lo)
                chunks.append(WindingChunk(meanAngle: sumA / m, meanRadius: sumR / m,
                                           thickness: maxR - minR, pixelCount: hi - lo, deviation: nil,
                                           spread: Self.spread(samples[lo..<hi], meanAngle: sumA / m,
                                                               meanRadius: sumR / m)))
                lo = hi
            }

            var layer = WindingLayer(
                index: index, radiusRank: 0, pixelCount: n,
                meanRadius: samples.reduce(0) { $0 + $1.radius } / Double(n),
                angleMin: samples.first!.angle, angleMax: samples.last!.angle, chunks: chunks)
            if k >= 2, let fit = LineFit(x: chunks.map(\.meanAngle), y: chunks.map(\.meanRadius)) {
                for c in 0..<k { layer.chunks[c].deviation = fit.residuals[c] }
                layer.slope = fit.slope
                layer.intercept = fit.intercept
                layer.rmsePx = fit.rmse
                layer.maxAbsErrorPx = fit.maxAbsError
                let worst = fit.residuals.indices.max { abs(fit.residuals[$0]) < abs(fit.residuals[$1]) }!
                layer.worstAngle = chunks[worst].meanAngle
            }
            layers.append(layer)
        }

        // Radius rank for people: 1 = innermost.
        let byRadius = layers.indices.sorted { layers[$0].meanRadius < layers[$1].meanRadius }
        for (rank, i) in byRadius.enumerated() { layers[i].radiusRank = rank + 1 }

        self.layers = layers
        self.pixels = assignments
    }

    /// `WindingChunk.spread`: max − min of the chunk's radii about their own
    /// least-squares line in θ (the radial extent at one angle, whatever the
    /// layer's local slope).
    static func spread(_ samples: ArraySlice<Sample>, meanAngle: Double, meanRadius: Double) -> Double {
        var sxx = 0.0, sxy = 0.0
        for s in samples {
            let dx = s.angle - meanAngle
            sxx += dx * dx
            sxy += dx * (s.radius - meanRadius)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        var low = Double.infinity, high = -Double.infinity
        for s in samples {
            let residual = s.radius - meanRadius - slope * (s.angle - meanAngle)
            low = min(low, residual)
            high = max(high, residual)
        }
        return high - low
    }

    struct Sample {
        let angle: Double
        let radius: Double
        let pixel: Int32
    }

    /// `samples` ordered by angle, ties in the given (raster) order: a stable bucket
    /// sort on the angle, then insertion sort inside each bucket (a few samples
    /// each). The same order as a stable sort by angle.
    static func sortedByAngle(_ samples: [Sample]) -> [Sample] {
        let n = samples.count
        guard n > 1 else { return samples }
        // Buckets over the samples' own angle span: a fragment covering a few
        // degrees gets as many buckets as a full turn.
        var low = Double.infinity, high = -Double.infinity
        for s in samples { low = min(low, s.angle); high = max(high, s.angle) }
        guard high > low else { return samples }
        let buckets = max(1, n / 4)
        let scale = Double(buckets) / (high - low)
        @inline(__always) func bucket(_ a: Double) -> Int { min(buckets - 1, Int((a - low) * scale)) }
        var first = [Int](repeating: 0, count: buckets + 1)
        for s in samples { first[bucket(s.angle) + 1] += 1 }
        for b in 0..<buckets { first[b + 1] += first[b] }
        var next = first
        var sorted = [Sample](unsafeUninitializedCapacity: n) { out, initialised in
            for s in samples {
                let b = bucket(s.angle)
                (out.baseAddress! + next[b]).initialize(to: s)
                next[b] += 1
            }
            initialised = n
        }
        sorted.withUnsafeMutableBufferPointer { out in
            for b in 0..<buckets where first[b + 1] - first[b] > 1 {
                for i in (first[b] + 1)..<first[b + 1] {
                    let s = out[i]
                    var j = i
                    while j > first[b] && out[j - 1].angle > s.angle { out[j] = out[j - 1]; j -= 1 }
                    out[j] = s
                }
            }
        }
        return sorted
    }

    /// Layers ordered by mean radius, innermost first.
    public var layersByRadius: [WindingLayer] { layers.sorted { $0.radiusRank < $1.radiusRank } }
    public var fittedLayers: [WindingLayer] { layers.filter(\.isFitted) }
}

