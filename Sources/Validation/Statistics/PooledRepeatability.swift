/// Gauge repeatability from repeated scans of the same cells: the pooled
/// within-cell standard deviation
///
/// `s_r = √( Σ (n_i − 1) s_i² / Σ (n_i − 1) )`, with `ν = Σ (n_i − 1)` degrees of freedom,
///
/// where `s_i` is the sample SD (divisor `n_i − 1`) of cell `i`'s `n_i`
/// re-measurements. This is the one-way ANOVA within-group mean square
/// (the repeatability SD of ISO 5725-2; Montgomery, *Introduction to
/// Statistical Quality Control*, gauge R&R chapter). Groups with fewer than two
/// values carry no information about repeatability and are ignored.
public struct PooledRepeatability: Sendable, Hashable, Codable {
    /// Pooled within-cell standard deviation `s_r`.
    public var sR: Double
    /// Degrees of freedom `Σ (n_i − 1)`.
    public var degreesOfFreedom: Int
    /// Number of groups (cells) with ≥ 2 values that entered the pool.
    public var groups: Int
    /// Number of measurements in those groups.
    public var measurements: Int

    enum CodingKeys: String, CodingKey {
        case sR = "s_r"
        case degreesOfFreedom = "dof"
        case groups, measurements
    }

    public init(sR: Double, degreesOfFreedom: Int, groups: Int, measurements: Int) {
        self.sR = sR
        self.degreesOfFreedom = degreesOfFreedom
        self.groups = groups
        self.measurements = measurements
    }

    /// Pools the groups; `nil` when no group has two or more values.
    /// Non-finite values are dropped before grouping sizes are counted.
    public init?(groups: [[Double]]) {
        var sumSquares = 0.0
        var dof = 0
        var used = 0
        var count = 0
        for group in groups {
            let values = group.filter(\.isFinite)
            guard values.count >= 2 else { continue }
            // Σ (x − x̄)² = (n_i − 1) s_i², two-pass for accuracy.
            let mean = values.reduce(0, +) / Double(values.count)
            sumSquares += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            dof += values.count - 1
            used += 1
            count += values.count
        }
        guard dof > 0 else { return nil }
        self.init(sR: (sumSquares / Double(dof)).squareRoot(), degreesOfFreedom: dof, groups: used, measurements: count)
    }
}
