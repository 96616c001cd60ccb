/// Gauge capability of one metric from a type-1 study (one reference part,
/// repeated measurements) or from pooled re-scans.
///
/// With repeatability SD `s`, bias `b = x̄ − x_m` and effective tolerance `T`
/// (see `CapabilityLimits`):
/// - `%GRR = 100 · 6 s / T` (AIAG MSA 4th ed., %GRR vs tolerance with 6 s
///   spread). One-sided this reads `100 · 3 s / |limit − nominal|`.
/// - `Cg  = 0.2 · T / (6 s)` and `Cgk = (0.1 · T − |b|) / (3 s)`
///   (VDA Band 5, type-1 study; Robert Bosch GmbH, booklet 10
///   "Capability of Measurement and Test Processes", with K = 20 %,
///   L = 6). The usual acceptance is `Cg ≥ 1.33` and `Cgk ≥ 1.33`.
///
/// When `s = 0` the indices are infinite; they are reported as `nil`
/// (JSON cannot hold ∞) and `%GRR` as 0.
public struct GaugeCapability: Sendable, Hashable, Codable {
    public var limits: CapabilityLimits
    /// Repeatability standard deviation `s`.
    public var s: Double
    /// Mean bias `x̄ − x_m`.
    public var bias: Double
    /// Effective tolerance `T`.
    public var tolerance: Double
    public var twoSided: Bool
    public var percentGRR: Double
    public var cg: Double?
    public var cgk: Double?

    enum CodingKeys: String, CodingKey {
        case limits, s, bias, tolerance
        case twoSided = "two_sided"
        case percentGRR = "percent_grr"
        case cg, cgk
    }

    /// `nil` when the limits give no positive tolerance or `s` is negative / not finite.
    public init?(s: Double, bias: Double, limits: CapabilityLimits) {
        guard let t = limits.effectiveTolerance, s >= 0, s.isFinite, bias.isFinite else { return nil }
        self.limits = limits
        self.s = s
        self.bias = bias
        self.tolerance = t
        self.twoSided = limits.isTwoSided
        self.percentGRR = Self.percentGRR(s: s, tolerance: t)
        self.cg = s > 0 ? 0.2 * t / (6 * s) : nil
        self.cgk = s > 0 ? (0.1 * t - abs(bias)) / (3 * s) : nil
    }

    /// `100 · 6 s / T`.
    public static func percentGRR(s: Double, tolerance t: Double) -> Double {
        100 * 6 * s / t
    }

    /// The repeatability SD at which `%GRR` equals `target`: `s = target · T / 600`.
    public static func sForGRR(target: Double, tolerance t: Double) -> Double {
        target * t / 600
    }

    /// Voxel size at which `%GRR` would equal `target` (percent), from
    /// repeatability measured at several voxel sizes; see `VoxelGRRPrediction`.
    public static func voxelForGRR(target: Double = 10, samples: [VoxelRepeatability],
                                   limits: CapabilityLimits) -> VoxelGRRPrediction? {
        VoxelGRRPrediction(target: target, samples: samples, limits: limits)
    }
}
