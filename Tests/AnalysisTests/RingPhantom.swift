import Foundation
import Imaging

/// A synthetic axial slice of a can for tests: an elliptical wall of known semi-axes,
/// thickness, optional inward dent and Gaussian noise, rendered with anti-aliasing
/// (4×4 sub-samples on pixels near an edge), grey = background + contrast·coverage + noise.
///
/// The wall at polar angle θ about the centre spans radii
/// `(r_ell(θ; a − t, b − t) − dent(θ), r_ell(θ; a, b) − dent(θ)]`, the dent being a raised
/// cosine `depth·½(1 + cos(π·Δθ/halfWidth))` for |Δθ| < halfWidth (both wall faces move in).
struct RingPhantom {
    var width = 520, height = 500
    var xc = 262.3, yc = 247.6
    var a = 210.0, b = 210.0, theta = 0.0
    var thickness = 8.0
    var dentDepth = 0.0, dentAngle = 0.0, dentHalfWidth = 0.26
    var background: Float = 20, contrast: Float = 160, noiseSigma: Float = 0
    var seed: UInt64 = 1

    func dent(_ angle: Double) -> Double {
        guard dentDepth > 0 else { return 0 }
        var d = angle - dentAngle
        while d > Double.pi { d -= 2 * Double.pi }
        while d < -Double.pi { d += 2 * Double.pi }
        return abs(d) < dentHalfWidth ? dentDepth * 0.5 * (1 + cos(Double.pi * d / dentHalfWidth)) : 0
    }

    var outer: Ellipse { Ellipse(xc: xc, yc: yc, a: a, b: b, theta: theta) }
    var inner: Ellipse { Ellipse(xc: xc, yc: yc, a: a - thickness, b: b - thickness, theta: theta) }

    func inWall(x: Double, y: Double) -> Bool {
        let dx = x - xc, dy = y - yc
        let ang = atan2(dy, dx), rho = (dx * dx + dy * dy).squareRoot()
        let d = dent(ang)
        return rho <= outer.radius(atPolarAngle: ang) - d && rho > inner.radius(atPolarAngle: ang) - d
    }

    func render() -> GrayImage {
        var img = GrayImage(width: width, height: height, repeating: background)
        var rng = SeededGenerator(seed: seed)
        for r in 0..<height {
            for c in 0..<width {
                let x = Double(c), y = Double(r)
                let dx = x - xc, dy = y - yc
                let ang = atan2(dy, dx), rho = (dx * dx + dy * dy).squareRoot()
                let d = dent(ang)
                let ro = outer.radius(atPolarAngle: ang) - d, ri = inner.radius(atPolarAngle: ang) - d
                var coverage: Double
                if abs(rho - ro) < 1.5 || abs(rho - ri) < 1.5 {
                    var hits = 0
                    for i in 0..<4 { for j in 0..<4 {
                        if inWall(x: x - 0.375 + 0.25 * Double(j), y: y - 0.375 + 0.25 * Double(i)) { hits += 1 }
                    } }
                    coverage = Double(hits) / 16
                } else {
                    coverage = (rho <= ro && rho > ri) ? 1 : 0
                }
                var v = background + contrast * Float(coverage)
                if noiseSigma > 0 { v += noiseSigma * Float(gaussian(&rng)) }
                img[r, c] = v
            }
        }
        return img
    }

    /// Exact area enclosed by the outer (or inner) face, ∫ ½ r(θ)² dθ, numerically.
    func enclosedArea(innerFace: Bool) -> Double {
        let n = 200_000
        var sum = 0.0
        for k in 0..<n {
            let ang = -Double.pi + 2 * Double.pi * (Double(k) + 0.5) / Double(n)
            let r = (innerFace ? inner : outer).radius(atPolarAngle: ang) - dent(ang)
            sum += 0.5 * r * r
        }
        return sum * 2 * Double.pi / Double(n)
    }

    var midThreshold: Float { background + contrast / 2 }

    private func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u1 = (Double(rng.next() >> 11) + 1) / 9_007_199_254_740_993.0
        let u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992.0
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
