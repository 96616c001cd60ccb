/// One measured value paired with the lot's ground truth for the same quantity.
public struct MeasurementTruthPair: Sendable, Hashable, Codable {
    public var measured: Double
    public var truth: Double

    public init(measured: Double, truth: Double) {
        self.measured = measured
        self.truth = truth
    }

    /// `measured − truth`.
    public var error: Double { measured - truth }
}

/// Bias of a metric against ground truth: with `d_i = measured_i − truth_i`,
/// - mean bias `d̄ = Σ d_i / n`,
/// - SD of the bias `s_d = √(Σ (d_i − d̄)² / (n − 1))`,
/// - 95 % confidence half-width of the mean bias `t(0.975, n − 1) · s_d / √n`
///   (Student t interval for a mean; e.g. Montgomery & Runger, *Applied
///   Statistics and Probability for Engineers*, t interval on a mean and
///   the paired-t setting).
/// `sdBias` and `halfWidth95` are `nil` for `n < 2`.
public struct BiasSummary: Sendable, Hashable, Codable {
    public var n: Int
    public var meanBias: Double
    public var sdBias: Double?
    public var halfWidth95: Double?

    enum CodingKeys: String, CodingKey {
        case n
        case meanBias = "mean_bias"
        case sdBias = "sd_bias"
        case halfWidth95 = "half_width_95"
    }

    /// `nil` when there is no pair with finite values.
    public init?(_ pairs: [MeasurementTruthPair]) {
        let d = pairs.map(\.error).filter(\.isFinite)
        guard !d.isEmpty else { return nil }
        let n = d.count
        let mean = d.reduce(0, +) / Double(n)
        self.n = n
        self.meanBias = mean
        guard n >= 2 else { self.sdBias = nil; self.halfWidth95 = nil; return }
        let sd = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        self.sdBias = sd
        self.halfWidth95 = StudentTDistribution.quantile(0.975, degreesOfFreedom: Double(n - 1))
            .map { $0 * sd / Double(n).squareRoot() }
    }

    /// One summary per key (voxel-size bin, bit depth, polarity, format, …);
    /// keys whose pairs are all non-finite are absent.
    public static func grouped(_ samples: [(key: String, pair: MeasurementTruthPair)]) -> [String: BiasSummary] {
        Dictionary(grouping: samples, by: \.key)
            .compactMapValues { BiasSummary($0.map(\.pair)) }
    }
}
