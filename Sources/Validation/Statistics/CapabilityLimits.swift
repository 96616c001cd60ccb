/// Specification of one metric for gauge-capability indices: optional lower
/// and upper specification limits and the nominal (true reference) value.
///
/// The *effective tolerance* `T` used by `GaugeCapability` is
/// - two-sided: `T = USL − LSL`;
/// - one-sided: `T = 2 · |limit − nominal|`, i.e. the two-sided tolerance
///   the one-sided limit would imply if the specification were symmetric
///   about the nominal. This is a cellqa convention (VDA 5 and Bosch
///   booklet 10 define the indices for two-sided tolerances only); it makes
///   `%GRR = 100 · 3 s / |limit − nominal|` and the Cg/Cgk formulas below
///   the same expressions for both cases.
public struct CapabilityLimits: Sendable, Hashable, Codable {
    public var lower: Double?
    public var upper: Double?
    /// Nominal / reference value `x_m` (the ground truth in a validation lot).
    public var nominal: Double

    public init(lower: Double? = nil, upper: Double? = nil, nominal: Double) {
        self.lower = lower
        self.upper = upper
        self.nominal = nominal
    }

    /// Whether both limits are given.
    public var isTwoSided: Bool { lower != nil && upper != nil }

    /// The effective tolerance `T` (see type doc); `nil` without limits or
    /// when it is not positive (e.g. USL ≤ LSL, or limit == nominal).
    public var effectiveTolerance: Double? {
        let t: Double
        switch (lower, upper) {
        case let (lsl?, usl?): t = usl - lsl
        case let (lsl?, nil): t = 2 * abs(nominal - lsl)
        case let (nil, usl?): t = 2 * abs(usl - nominal)
        case (nil, nil): return nil
        }
        return t > 0 && t.isFinite ? t : nil
    }
}
