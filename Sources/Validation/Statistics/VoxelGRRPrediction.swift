import Foundation

/// Repeatability SD `s` observed in one voxel-size group of the lot.
public struct VoxelRepeatability: Sendable, Hashable, Codable {
    public var voxelSize: Double
    public var s: Double

    enum CodingKeys: String, CodingKey {
        case voxelSize = "voxel_size"
        case s
    }

    public init(voxelSize: Double, s: Double) {
        self.voxelSize = voxelSize
        self.s = s
    }
}

/// The voxel size at which a metric's `%GRR` would reach a target.
///
/// Model: `s = k · v^p`, fitted by ordinary least squares on
/// `ln s = ln k + p ln v` over the groups (unweighted, one point per group).
/// With a single distinct voxel size the exponent is not identifiable and
/// `p = 1` is assumed (`s` proportional to voxel size, the usual
/// partial-volume scaling), flagged by `exponentAssumed`.
/// Then `%GRR(v) = 100 · 6 k v^p / T`, so the target is met at
/// `v* = (target · T / (600 k))^(1/p)`.
public struct VoxelGRRPrediction: Sendable, Hashable, Codable {
    public var target: Double
    public var k: Double
    public var p: Double
    /// True when only one voxel size was available and `p = 1` was assumed.
    public var exponentAssumed: Bool
    /// Number of groups used (those with `v > 0`, `s > 0`).
    public var groups: Int
    /// `v*`; `nil` when `p ≤ 0` (s does not grow with voxel size, so no finite
    /// voxel size reaches the target from below).
    public var voxelSize: Double?
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case target, k, p
        case exponentAssumed = "exponent_assumed"
        case groups
        case voxelSize = "voxel_size"
        case note
    }

    /// `nil` when no group has `v > 0` and `s > 0`, or the limits give no tolerance.
    public init?(target: Double, samples: [VoxelRepeatability], limits: CapabilityLimits) {
        guard let t = limits.effectiveTolerance, target > 0 else { return nil }
        let usable = samples.filter { $0.voxelSize > 0 && $0.s > 0 && $0.voxelSize.isFinite && $0.s.isFinite }
        guard !usable.isEmpty else { return nil }
        let lx = usable.map { log($0.voxelSize) }
        let ly = usable.map { log($0.s) }
        let meanX = lx.reduce(0, +) / Double(lx.count)
        let meanY = ly.reduce(0, +) / Double(ly.count)
        let sxx = lx.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        self.target = target
        self.groups = usable.count
        if sxx > 1e-12 * max(1, meanX * meanX) {
            let sxy = zip(lx, ly).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
            self.p = sxy / sxx
            self.exponentAssumed = false
            self.note = nil
        } else {
            self.p = 1
            self.exponentAssumed = true
            self.note = "single voxel size: exponent p = 1 assumed (s ∝ voxel size)"
        }
        self.k = exp(meanY - p * meanX)
        let sTarget = GaugeCapability.sForGRR(target: target, tolerance: t)
        if p > 0 {
            self.voxelSize = pow(sTarget / k, 1 / p)
        } else {
            self.voxelSize = nil
            self.note = "fitted exponent p = \(p) ≤ 0: repeatability does not degrade with voxel size"
        }
    }
}
