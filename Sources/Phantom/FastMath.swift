/// Scalar helpers for the renderer's inner loop.
enum FastMath {
    /// `atan2(y, x)` in (−π, π], max error 2e-8 rad (Abramowitz & Stegun 4.4.49,
    /// a degree-16 polynomial for atan on [0, 1]): at 500 px from the axis that is
    /// 1e-5 px, far below anything a test resolves, at a fraction of libm's cost.
    @inline(__always)
    static func atan2(_ y: Double, _ x: Double) -> Double {
        let ax = abs(x), ay = abs(y)
        let big = max(ax, ay)
        if big == 0 { return 0 }
        let t = min(ax, ay) / big
        let t2 = t * t
        var p = 0.0028662257
        p = p * t2 - 0.0161657367
        p = p * t2 + 0.0429096138
        p = p * t2 - 0.0752896400
        p = p * t2 + 0.1065626393
        p = p * t2 - 0.1420889944
        p = p * t2 + 0.1999355085
        p = p * t2 - 0.3333314528
        var a = t + t * t2 * p
        if ay > ax { a = .pi / 2 - a }
        if x < 0 { a = .pi - a }
        return y < 0 ? -a : a
    }

    /// Partial-volume coverage of a pixel whose centre lies `d` pixels inside an
    /// edge (negative = outside): `clamp(0.5 + d, 0, 1)`.
    @inline(__always)
    static func coverage(_ d: Double) -> Double {
        min(1, max(0, 0.5 + d))
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
