import Testing
@testable import Analysis

@Suite("Order statistic (quickselect)")
struct OrderStatisticTests {
    @Test("Hand case: the 3rd smallest of [5, 1, 4, 1, 3, 9, 2] is 2")
    func handCase() {
        var a: [Float] = [5, 1, 4, 1, 3, 9, 2]
        #expect(OrderStatistic.select(&a, k: 2) == 2)
        #expect(OrderStatistic.select(&a, k: 0) == 1)
        #expect(OrderStatistic.select(&a, k: 6) == 9)
    }

    @Test("Every k equals sorted()[k] on arrays with many ties")
    func matchesSort() {
        var rng = SplitMix(seed: 7)
        for n in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<n).map { _ in Float(rng.next() % 17) - 8 }
            let sorted = values.sorted()
            for k in 0..<n {
                var a = values
                #expect(OrderStatistic.select(&a, k: k) == sorted[k])
            }
        }
    }

    @Test("A second selection inside the part below a first one gives sorted()[k] too")
    func secondSelectionWithinTheLowerPart() {
        var rng = SplitMix(seed: 11)
        for n in [8, 9, 57, 1000, 3001] {
            let values = (0..<n).map { _ in Float(rng.next() % 23) - 11 }
            let sorted = values.sorted()
            let high = Int(0.85 * Double(n - 1))
            for k in [0, Int(0.15 * Double(n - 1)), high - 1] where k >= 0 && k < high {
                var a = values
                #expect(OrderStatistic.select(&a, k: high) == sorted[high])
                #expect(OrderStatistic.select(&a, k: k, within: 0..<high) == sorted[k], "n \(n), k \(k)")
            }
        }
    }

    @Test("medianAbsolute: |[-3, 1, 2, -4]| has median (2 + 3) / 2 = 2.5; odd count [−1, 5, 2] → 2")
    func medianAbsolute() {
        #expect(LayerContrast.medianAbsolute([-3, 1, 2, -4]) == 2.5)
        #expect(LayerContrast.medianAbsolute([-1, 5, 2]) == 2)
    }

    /// Deterministic test numbers (SplitMix64).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
