/// One hit/miss observation for probability-of-detection analysis
/// (MIL-HDBK-1823A (2009), hit/miss data): a defect of true size `size`
/// (any positive unit, e.g. mm) was either found (`hit`) or missed.
public struct PODPoint: Sendable, Hashable, Codable {
    /// True defect size, > 0 (the model works in `ln size`).
    public var size: Double
    /// Whether the inspection reported the defect.
    public var hit: Bool

    public init(size: Double, hit: Bool) {
        self.size = size
        self.hit = hit
    }
}
