import Foundation

/// Reproducible standard-normal deviates for one slice, fast enough for
/// a million pixels in a few milliseconds.
///
/// A SplitMix64 stream (Steele, Lea & Flood 2014) seeded from `(seed, slice)`
/// supplies 16-bit uniforms; each indexes a table of the standard normal
/// quantiles at `(i + 0.5)/65536`, rescaled so the table has variance exactly 1.
/// The tails are cut at ±4.3σ (the last quantile), which changes nothing a
/// test of the sigma can see. Same `(seed, slice)` → same sequence, whatever
/// order slices are rendered in.
struct GaussianNoise {
    private var state: UInt64
    private var buffered: UInt64 = 0
    private var remaining = 0

    init(seed: UInt64, slice: Int) {
        var mixer = SplitMixer(state: seed ^ 0x9E37_79B9_7F4A_7C15)
        let a = mixer.next()
        state = a &+ UInt64(bitPattern: Int64(slice)) &* 0xD1B5_4A32_D192_ED03
        _ = nextWord()
    }

    mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next standard-normal deviate; `table` is ``quantiles`` (passed in so the
    /// caller's loop reads it without re-checking the lazy global).
    @inline(__always)
    mutating func next(_ table: UnsafeBufferPointer<Float>) -> Float {
        if remaining == 0 { buffered = nextWord(); remaining = 4 }
        let index = Int(truncatingIfNeeded: buffered & 0xFFFF)
        buffered >>= 16
        remaining -= 1
        return table[index]
    }

    private struct SplitMixer {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Standard normal quantiles at `(i + 0.5)/65536`, by Newton's method on
    /// `Φ(x) = erfc(−x/√2)/2`, then scaled to unit variance.
    static let quantiles: [Float] = {
        let n = 65536
        var values = [Double](repeating: 0, count: n)
        // Upper half by symmetry; start each Newton solve from the previous root.
        var x = 0.0
        for i in n / 2 ..< n {
            let p = (Double(i) + 0.5) / Double(n)
            for _ in 0 ..< 50 {
                let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
                let pdf = exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
                let step = (cdf - p) / pdf
                x -= step
                if abs(step) < 1e-13 { break }
            }
            values[i] = x
            values[n - 1 - i] = -x
        }
        let variance = values.reduce(0) { $0 + $1 * $1 } / Double(n)
        let norm = 1 / variance.squareRoot()
        return values.map { Float($0 * norm) }
    }()
}
