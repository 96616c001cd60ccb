import Foundation
import Imaging

/// Sub-pixel wall thickness from the grey levels: along rays from the can's
/// centre, the outer edge where the profile crosses half-way between air and
/// steel, the inner edge where it crosses half-way between steel and what fills
/// the can (ISO-50 % edges, each edge at the half-height of its own step), both
/// interpolated linearly between bilinear samples a quarter pixel apart.
///
/// Why besides the method's figure: the method samples a distance transform
/// between two one-pixel mask borders, which reads a wall about one pixel thin
/// even on a perfect mask (an ideal 8 px digital ring gives 7.61 px), and the
/// mask's own staircase puts its minimum lower still (a 0.25 mm wall at
/// 0.045 mm voxels reads 0.20 mm). The half-height crossings of a partial-volume
/// edge sit where the true boundary is, to a small fraction of a pixel.
///
/// Levels, per slice: air = median over the rays of the samples 3–5 px outside
/// the outer boundary, fill = median of the samples 3–5 px inside the inner
/// boundary, steel = median over the rays of each ray's brightest sample in the
/// wall. A ray is walked inward from 6 px outside the outer boundary: the first
/// rise above the outer half level is the outer edge (a dent moves it, the walk
/// finds it), the next fall below the inner half level the inner edge. Rays on
/// which either edge is not found within three wall thicknesses are left out.
/// The minimum is taken over the profile smoothed by a circular median of 5 rays,
/// so one noisy ray does not make the minimum.
public struct EdgeWallThickness: Sendable, Codable, Equatable {
    public var rays: Int
    public var meanPx: Double
    public var minPx: Double
    public var maxPx: Double
    public var stdPx: Double
    /// Angle (radians, atan2(row − yc, col − xc)) of the thinnest ray.
    public var thinnestAngle: Double

    /// - Parameters: the slice, the can's centre (col `xc`, row `yc`), and its outer
    ///   and inner radius from the mask (px), which only place the search.
    public init?(image: GrayImage, xc: Double, yc: Double, outerRadius: Double, innerRadius: Double) {
        let wall = outerRadius - innerRadius
        guard wall > 0.5, outerRadius > 8 else { return nil }
        let rayCount = min(4096, max(360, Int((2 * Double.pi * outerRadius).rounded())))
        let step = 0.25
        let start = outerRadius + 6, stop = max(1, innerRadius - 3 * wall - 6)
        let sampleCount = Int(((start - stop) / step).rounded(.down)) + 1
        var profiles: [[Float]] = []
        profiles.reserveCapacity(rayCount)
        var airSamples: [Float] = [], fillSamples: [Float] = [], steelSamples: [Float] = []
        for k in 0..<rayCount {
            let theta = 2 * Double.pi * Double(k) / Double(rayCount)
            let dc = cos(theta), dr = sin(theta)
            var profile = [Float](repeating: 0, count: sampleCount)
            for i in 0..<sampleCount {
                let r = start - Double(i) * step
                profile[i] = Self.bilinear(image, row: yc + r * dr, col: xc + r * dc)
            }
            func at(_ r: Double) -> Float { profile[min(sampleCount - 1, max(0, Int(((start - r) / step).rounded())))] }
            airSamples.append(at(outerRadius + 4))
            fillSamples.append(at(innerRadius - 4))
            var brightest = -Float.infinity
            for i in 0..<sampleCount {
                let r = start - Double(i) * step
                if r <= outerRadius + 1 && r >= innerRadius - 1 { brightest = max(brightest, profile[i]) }
            }
            steelSamples.append(brightest)
            profiles.append(profile)
        }
        let air = Self.median(airSamples), fill = Self.median(fillSamples), steel = Self.median(steelSamples)
        guard steel > air, steel > fill else { return nil }
        let outerLevel = (air + steel) / 2, innerLevel = (fill + steel) / 2
        let limit = 3 * wall / step
        var thickness = [Double](repeating: .nan, count: rayCount)
        for (k, p) in profiles.enumerated() {
            guard let outer = Self.crossing(p, from: 0, rising: true, level: outerLevel),
                  let inner = Self.crossing(p, from: Int(outer.rounded(.up)), rising: false, level: innerLevel),
                  inner - outer <= limit else { continue }
            thickness[k] = (inner - outer) * step
        }
        let valid = thickness.filter { !$0.isNaN }
        guard valid.count >= rayCount / 2 else { return nil }
        // Circular median of 5 rays over the valid ones, for the minimum.
        var smoothed: [(value: Double, ray: Int)] = []
        for k in 0..<rayCount where !thickness[k].isNaN {
            let window = (-2...2).map { thickness[(k + $0 + rayCount) % rayCount] }.filter { !$0.isNaN }
            smoothed.append((window.sorted()[window.count / 2], k))
        }
        let mean = valid.reduce(0, +) / Double(valid.count)
        let variance = valid.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(valid.count)
        let thinnest = smoothed.min { $0.value < $1.value }!
        rays = valid.count
        meanPx = mean
        minPx = thinnest.value
        maxPx = smoothed.map(\.value).max()!
        stdPx = variance.squareRoot()
        thinnestAngle = 2 * Double.pi * Double(thinnest.ray) / Double(rayCount)
    }

    /// Fractional sample index where `profile` first crosses `level` (rising: from
    /// below to at-or-above) at or after `from`; nil if it never does.
    static func crossing(_ profile: [Float], from: Int, rising: Bool, level: Float) -> Double? {
        guard from + 1 < profile.count else { return nil }
        for i in max(1, from)..<profile.count {
            let a = profile[i - 1], b = profile[i]
            let crossed = rising ? (a < level && b >= level) : (a >= level && b < level)
            if crossed { return Double(i - 1) + Double((level - a) / (b - a)) }
        }
        return nil
    }

    static func bilinear(_ image: GrayImage, row: Double, col: Double) -> Float {
        let r0 = Int(row.rounded(.down)), c0 = Int(col.rounded(.down))
        guard r0 >= 0, c0 >= 0, r0 + 1 < image.height, c0 + 1 < image.width else {
            return image[min(max(r0, 0), image.height - 1), min(max(c0, 0), image.width - 1)]
        }
        let fr = Float(row - Double(r0)), fc = Float(col - Double(c0))
        let top = image[r0, c0] + fc * (image[r0, c0 + 1] - image[r0, c0])
        let bottom = image[r0 + 1, c0] + fc * (image[r0 + 1, c0 + 1] - image[r0 + 1, c0])
        return top + fr * (bottom - top)
    }

    /// `OrderStatistic.upperMedian` of the finite values (a ray leaving the image has none), NaN when none.
    static func median(_ values: [Float]) -> Float {
        let finite = values.filter { $0.isFinite }
        return finite.isEmpty ? .nan : OrderStatistic.upperMedian(finite)
    }
}
