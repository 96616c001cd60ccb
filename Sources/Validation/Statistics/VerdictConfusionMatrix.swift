/// The verdict the lot's ground truth implies for a cell.
public enum ExpectedVerdict: String, Sendable, Codable, CaseIterable {
    case pass = "PASS"
    case fail = "FAIL"
    case invalid = "INVALID"
    /// Truth too close to a limit (within the gauge's uncertainty) to call:
    /// counted, but excluded from every rate.
    case ambiguous = "AMBIGUOUS"
}

/// The verdict the inspection returned (same raw values as cellqa's `Verdict`).
public enum ObservedVerdict: String, Sendable, Codable, CaseIterable {
    case pass = "PASS"
    case fail = "FAIL"
    case invalid = "INVALID"
    case error = "ERROR"
}

/// A proportion `count / total` with its exact one-sided 95 % upper bound.
public struct RateEstimate: Sendable, Hashable, Codable {
    public var count: Int
    public var total: Int
    /// `count / total`; `nil` when `total = 0`.
    public var rate: Double?
    /// Clopper–Pearson one-sided 95 % upper bound; `nil` when `total = 0`.
    public var upper95: Double?

    enum CodingKeys: String, CodingKey {
        case count, total, rate
        case upper95 = "upper_95"
    }

    public init(count: Int, total: Int) {
        self.count = count
        self.total = total
        self.rate = total > 0 ? Double(count) / Double(total) : nil
        self.upper95 = ClopperPearson.upperBound(successes: count, trials: total, confidence: 0.95)
    }
}

/// The false-call rates of a validation lot (ambiguous cells excluded):
/// - `false_reject_rate`: expected PASS → observed FAIL, over expected PASS;
/// - `false_invalid_rate`: expected PASS or FAIL → observed INVALID, over expected PASS or FAIL;
/// - `error_rate`: observed ERROR, over all non-ambiguous cells;
/// - `escape_rate`: expected FAIL → observed PASS, over expected FAIL.
public struct VerdictRates: Sendable, Hashable, Codable {
    public var falseRejectRate: RateEstimate
    public var falseInvalidRate: RateEstimate
    public var errorRate: RateEstimate
    public var escapeRate: RateEstimate

    enum CodingKeys: String, CodingKey {
        case falseRejectRate = "false_reject_rate"
        case falseInvalidRate = "false_invalid_rate"
        case errorRate = "error_rate"
        case escapeRate = "escape_rate"
    }
}

/// Counts of (expected, observed) verdicts over a lot, keyed
/// `counts[expected.rawValue][observed.rawValue]` (e.g. `counts["PASS"]["FAIL"]`).
/// Every expected × observed cell is present, zero if never seen, so the JSON
/// table is complete.
public struct VerdictConfusionMatrix: Sendable, Hashable, Codable {
    public private(set) var counts: [String: [String: Int]]

    enum CodingKeys: String, CodingKey {
        case counts
    }

    public init() {
        var table: [String: [String: Int]] = [:]
        for expected in ExpectedVerdict.allCases {
            table[expected.rawValue] = Dictionary(uniqueKeysWithValues: ObservedVerdict.allCases.map { ($0.rawValue, 0) })
        }
        counts = table
    }

    public init(_ outcomes: [(expected: ExpectedVerdict, observed: ObservedVerdict)]) {
        self.init()
        for outcome in outcomes { record(expected: outcome.expected, observed: outcome.observed) }
    }

    public mutating func record(expected: ExpectedVerdict, observed: ObservedVerdict) {
        counts[expected.rawValue, default: [:]][observed.rawValue, default: 0] += 1
    }

    public func count(expected: ExpectedVerdict, observed: ObservedVerdict) -> Int {
        counts[expected.rawValue]?[observed.rawValue] ?? 0
    }

    /// Cells with the given expected verdict, any observed verdict.
    public func total(expected: ExpectedVerdict) -> Int {
        ObservedVerdict.allCases.reduce(0) { $0 + count(expected: expected, observed: $1) }
    }

    /// All cells, ambiguous included.
    public var total: Int { ExpectedVerdict.allCases.reduce(0) { $0 + total(expected: $1) } }

    public var rates: VerdictRates {
        let expectedPass = total(expected: .pass)
        let expectedFail = total(expected: .fail)
        let measurable = expectedPass + expectedFail
        let measurableInvalid = count(expected: .pass, observed: .invalid) + count(expected: .fail, observed: .invalid)
        let scored = ExpectedVerdict.allCases.filter { $0 != .ambiguous }
        let errors = scored.reduce(0) { $0 + count(expected: $1, observed: .error) }
        let scoredTotal = scored.reduce(0) { $0 + total(expected: $1) }
        return VerdictRates(
            falseRejectRate: RateEstimate(count: count(expected: .pass, observed: .fail), total: expectedPass),
            falseInvalidRate: RateEstimate(count: measurableInvalid, total: measurable),
            errorRate: RateEstimate(count: errors, total: scoredTotal),
            escapeRate: RateEstimate(count: count(expected: .fail, observed: .pass), total: expectedFail))
    }
}
