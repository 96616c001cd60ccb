/// A small deterministic pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018)
/// seeded through SplitMix64, so a given seed always yields the same sequence on every
/// platform and Swift version (unlike `SystemRandomNumberGenerator`).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform integer in `0..<upperBound` (Lemire's unbiased multiply-shift).
    public mutating func index(below upperBound: Int) -> Int {
        precondition(upperBound > 0)
        let bound = UInt64(upperBound)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// `k` distinct indices from `0..<n` (sampling without replacement, as `rng.choice(n, k, replace=False)`).
    public mutating func distinctIndices(_ k: Int, below n: Int) -> [Int] {
        precondition(k <= n)
        var picked: [Int] = []
        picked.reserveCapacity(k)
        while picked.count < k {
            let i = index(below: n)
            if !picked.contains(i) { picked.append(i) }
        }
        return picked
    }
}
