import Foundation
import Imaging
@testable import Phantom

/// Measurements the phantom tests make on rendered slices, written independently
/// of the renderer: they look only at grey values.
enum Probe {
    /// Grey value along a ray from `centre` at angle θ (degrees, 0 = +row, 90 = +col),
    /// bilinear, at radius `r` px.
    static func sample(_ image: GrayImage, centre: PhantomTruth.PixelPoint, thetaDegrees: Double, r: Double) -> Double {
        let t = thetaDegrees * .pi / 180
        let y = centre.row + r * cos(t), x = centre.col + r * sin(t)
        let r0 = Int(y.rounded(.down)), c0 = Int(x.rounded(.down))
        let fy = y - Double(r0), fx = x - Double(c0)
        func at(_ rr: Int, _ cc: Int) -> Double { Double(image[min(max(rr, 0), image.height - 1), min(max(cc, 0), image.width - 1)]) }
        return (1 - fy) * ((1 - fx) * at(r0, c0) + fx * at(r0, c0 + 1)) + fy * ((1 - fx) * at(r0 + 1, c0) + fx * at(r0 + 1, c0 + 1))
    }

    /// Radii (px, linearly interpolated at step 0.05 px) where the ray profile crosses
    /// `level`, with the direction of each crossing (true = rising outward).
    static func crossings(_ image: GrayImage, centre: PhantomTruth.PixelPoint, thetaDegrees: Double,
                          level: Double, from r0: Double, to r1: Double) -> [(r: Double, rising: Bool)] {
        var result: [(Double, Bool)] = []
        let step = 0.05
        var r = r0
        var previous = sample(image, centre: centre, thetaDegrees: thetaDegrees, r: r) - level
        while r < r1 {
            let next = sample(image, centre: centre, thetaDegrees: thetaDegrees, r: r + step) - level
            if (previous < 0) != (next < 0) {
                result.append((r + step * previous / (previous - next), next > previous))
            }
            previous = next
            r += step
        }
        return result
    }

    /// Centres of the runs above `level` along a ray (midpoints of rising/falling crossings).
    static func runCentres(_ image: GrayImage, centre: PhantomTruth.PixelPoint, thetaDegrees: Double,
                           level: Double, from r0: Double, to r1: Double) -> [Double] {
        let c = crossings(image, centre: centre, thetaDegrees: thetaDegrees, level: level, from: r0, to: r1)
        var centres: [Double] = []
        var start: Double?
        for x in c {
            if x.rising { start = x.r } else if let s = start { centres.append((s + x.r) / 2); start = nil }
        }
        return centres
    }

    /// Number of 8-connected components of `mask` with more than `minSize` pixels.
    static func componentCount(_ mask: Mask, minSize: Int) -> Int {
        var seen = [Bool](repeating: false, count: mask.count)
        var count = 0
        var stack: [Int] = []
        for start in 0 ..< mask.count where mask.pixels[start] && !seen[start] {
            var size = 0
            seen[start] = true
            stack.append(start)
            while let p = stack.popLast() {
                size += 1
                let row = p / mask.width, col = p % mask.width
                for dr in -1 ... 1 { for dc in -1 ... 1 where dr != 0 || dc != 0 {
                    let rr = row + dr, cc = col + dc
                    guard mask.contains(row: rr, col: cc) else { continue }
                    let q = rr * mask.width + cc
                    if mask.pixels[q] && !seen[q] { seen[q] = true; stack.append(q) }
                } }
            }
            if size > minSize { count += 1 }
        }
        return count
    }

    static func meanStd(_ values: [Double]) -> (mean: Double, std: Double) {
        let m = values.reduce(0, +) / Double(values.count)
        return (m, (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot())
    }
}
