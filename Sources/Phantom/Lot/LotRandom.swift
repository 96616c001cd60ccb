import Foundation

/// The lot's random draws: SplitMix64 (Steele, Lea & Flood 2014), so a lot is a
/// pure function of its seed on every machine and Swift version (the standard
/// library's generator promises neither).
public struct LotRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed ^ 0x5DEE_CE66_D1CE_4E5B }

    /// A generator for one cell, independent of how many draws other cells made.
    public init(seed: UInt64, stream: Int) {
        var mixer = LotRandom(seed: seed)
        state = mixer.nextWord() &+ UInt64(truncatingIfNeeded: stream) &* 0xD1B5_4A32_D192_ED03
        _ = nextWord()
    }

    public mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1), 53 bits.
    public mutating func unit() -> Double { Double(nextWord() >> 11) * 0x1p-53 }

    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Log-uniform: every factor of the range equally likely (sizes spanning a decade).
    public mutating func logUniform(_ range: ClosedRange<Double>) -> Double {
        exp(uniform(log(range.lowerBound)...log(range.upperBound)))
    }

    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(nextWord() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[integer(0...(items.count - 1))] }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(unit(), 1e-300), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
