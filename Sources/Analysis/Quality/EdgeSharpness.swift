#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Imaging

/// Sharpness of the scan from the edge spread across the can's outer surface.
///
/// ASTM E1695 judges CT sharpness on a uniform cylinder; the steel can is nearly
/// one. Along `angles` rays from the silhouette centre, the profile across the
/// outer edge is sampled bilinearly at `step` px from `r − reach` to `r + reach`.
/// Each ray's profile is shifted so its own half-height crossing sits at 0 (a
/// dent or ellipticity then does not smear the average), the aligned profiles
/// are averaged into one edge-spread function (ESF), and the **edge width** is
/// the distance between its 10 % and 90 % levels between the air median and the
/// profile's peak (the wall is thin, so its peak stands for the steel level).
/// A perfectly sharp, pixel-sampled edge gives about 1 px; a Gaussian blur of
/// σ px adds about 2.56·σ.
public struct EdgeSharpness: Sendable, Codable, Equatable {
    public var edgeWidthPx: Double
    public var raysUsed: Int

    public static func measure(_ image: GrayImage, silhouette: Silhouette,
                               angles: Int = 180, reach: Double = 6, step: Double = 0.1) -> EdgeSharpness? {
        let samples = Int((2 * reach / step).rounded()) + 1
        var aligned = [Double](repeating: 0, count: samples)
        var counts = [Int](repeating: 0, count: samples)
        var rays = 0
        for a in 0..<angles {
            let theta = 2 * Double.pi * Double(a) / Double(angles)
            let (dr, dc) = (cos(theta), sin(theta))
            var profile = [Double](repeating: 0, count: samples)
            var inside = true
            for k in 0..<samples {
                let t = silhouette.radius - reach + Double(k) * step
                let row = silhouette.centreRow + t * dr, col = silhouette.centreCol + t * dc
                guard let v = bilinear(image, row: row, col: col) else { inside = false; break }
                profile[k] = v
            }
            guard inside else { continue }
            // Outward the profile falls from steel to air; find its half-height
            // crossing on the outer (falling) side of the peak.
            guard let peak = profile.indices.max(by: { profile[$0] < profile[$1] }) else { continue }
            let air = profile[(samples - samples / 5)...].sorted()[samples / 10]
            let half = (profile[peak] + air) / 2
            guard let crossing = (peak..<(samples - 1)).first(where: { profile[$0] >= half && profile[$0 + 1] < half })
            else { continue }
            let f = (profile[crossing] - half) / (profile[crossing] - profile[crossing + 1])
            let shift = Int(((Double(crossing) + f) - Double(samples / 2)).rounded())
            for k in 0..<samples {
                let j = k - shift
                if j >= 0 && j < samples { aligned[j] += profile[k]; counts[j] += 1 }
            }
            rays += 1
        }
        guard rays >= angles / 4 else { return nil }
        let esf = zip(aligned, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        let centre = samples / 2
        // Levels from the aligned average: air beyond the edge, steel at the peak inside.
        let airValues = esf[(centre + Int(2.5 / step))...].filter { !$0.isNaN }
        guard !airValues.isEmpty,
              let peakIndex = esf[..<centre].indices.filter({ !esf[$0].isNaN }).max(by: { esf[$0] < esf[$1] })
        else { return nil }
        let air = airValues.sorted()[airValues.count / 2]
        let steel = esf[peakIndex]
        guard steel > air else { return nil }
        func crossing(_ level: Double) -> Double? {
            let target = air + level * (steel - air)
            for k in peakIndex..<(samples - 1) where !esf[k].isNaN && !esf[k + 1].isNaN {
                if esf[k] >= target && esf[k + 1] < target {
                    return Double(k) + (esf[k] - target) / (esf[k] - esf[k + 1])
                }
            }
            return nil
        }
        guard let p90 = crossing(0.9), let p10 = crossing(0.1) else { return nil }
        return EdgeSharpness(edgeWidthPx: (p10 - p90) * step, raysUsed: rays)
    }

    static func bilinear(_ image: GrayImage, row: Double, col: Double) -> Double? {
        let r0 = BilinearSampling.floorIndex(row), c0 = BilinearSampling.floorIndex(col)
        guard r0 >= 0, c0 >= 0, r0 + 1 < image.height, c0 + 1 < image.width else { return nil }
        let fr = row - Double(r0), fc = col - Double(c0)
        let a = Double(image[r0, c0]), b = Double(image[r0, c0 + 1])
        let c = Double(image[r0 + 1, c0]), d = Double(image[r0 + 1, c0 + 1])
        return (a * (1 - fc) + b * fc) * (1 - fr) + (c * (1 - fc) + d * fc) * fr
    }
}
