/// Scalar helpers for the renderer's inner loop.
enum FastMath {
    /// `atan2(y, x)` in (−π, π], max error 2e-8 rad (Abramowitz & Stegun 4.4.49,
    /// a degree-16 polynomial for atan on [0, 1]): at 500 px from the axis that is
    /// 1e-5 px, far below anything a test resolves, at a fraction of libm's cost.
    @inline(__always)
    static func atan2(_ y: Double, _ x: Double) -> Double {
        let ax = abs(x), ay = abs(y)
        let big = max(ax, ay), small = min(ax, ay)
        let t = big > 0 ? small / big : 0
        // Estrin's scheme: short dependency chains, so neighbouring pixels overlap.
        let z = t * t, z2 = z * z, z4 = z2 * z2
        let p01 = -0.3333314528 + 0.1999355085 * z
        let p23 = -0.1420889944 + 0.1065626393 * z
        let p45 = -0.0752896400 + 0.0429096138 * z
        let p67 = -0.0161657367 + 0.0028662257 * z
        let p = (p01 + z2 * p23) + z4 * (p45 + z2 * p67)
        var a = t + t * z * p
        a = ay > ax ? .pi / 2 - a : a
        a = x < 0 ? .pi - a : a
        return Double(signOf: y, magnitudeOf: a)
    }

    /// Partial-volume coverage of a pixel whose centre lies `d` pixels inside an
    /// edge (negative = outside): `clamp(0.5 + d, 0, 1)`.
    @inline(__always)
    static func coverage(_ d: Double) -> Double {
        min(1, max(0, 0.5 + d))
    }

    /// Fraction of a one-pixel-wide box centred `d` pixels from the centre line of
    /// a band `2h` pixels wide: `max(0, min(d + ½, h) − max(d − ½, −h))`. Exact for
    /// bands thinner than a pixel (a 10 µm foil at 0.03 mm covers a third of the
    /// pixel it lies in), where ``coverage(_:)`` of the edge distance is not.
    @inline(__always)
    static func bandCoverage(_ d: Double, halfWidth h: Double) -> Double {
        max(0, min(d + 0.5, h) - max(d - 0.5, -h))
    }

    /// `x` rounded to the nearest integer (halves up), without a libm call.
    @inline(__always)
    static func nearestInt(_ x: Double) -> Int {
        let y = x + 0.5
        let t = Int(y)
        return Double(t) > y ? t - 1 : t
    }

    /// Angle wrapped to (−π, π].
    @inline(__always)
    static func wrap(_ a: Double) -> Double {
        var x = a
        while x > .pi { x -= 2 * .pi }
        while x <= -.pi { x += 2 * .pi }
        return x
    }

    /// `cos²(π·Δ/width)` for `|Δ| < width/2`, else 0 (Δ wrapped to (−π, π]).
    @inline(__always)
    static func cosineBump(_ delta: Double, width: Double) -> Double {
        let d = wrap(delta)
        guard abs(d) < width / 2 else { return 0 }
        let c = cos(Double.pi * d / width)
        return c * c
    }
}

import Foundation
