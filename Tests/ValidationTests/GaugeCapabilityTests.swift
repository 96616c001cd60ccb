import Foundation
import Testing
@testable import Validation

@Suite("%GRR, VDA 5 type-1 Cg/Cgk, voxel size for a %GRR target")
struct GaugeCapabilityTests {
    /// LSL 0.9, USL 1.1 → T = 0.2; s = 0.002, bias 0.005:
    /// %GRR = 100·6·0.002/0.2 = 6; Cg = 0.04/0.012 = 3.3333; Cgk = (0.02 − 0.005)/0.006 = 2.5.
    @Test("Two-sided: T = 0.2, s = 0.002, bias = 0.005 → %GRR 6, Cg 3.3333, Cgk 2.5")
    func twoSided() throws {
        let g = try #require(GaugeCapability(s: 0.002, bias: 0.005, limits: CapabilityLimits(lower: 0.9, upper: 1.1, nominal: 1.0)))
        #expect(g.twoSided)
        #expect(abs(g.tolerance - 0.2) < 1e-12)
        #expect(abs(g.percentGRR - 6) < 1e-9)
        #expect(abs(try #require(g.cg) - 10.0 / 3) < 1e-9)
        #expect(abs(try #require(g.cgk) - 2.5) < 1e-9)
    }

    @Test("Two-sided, poor gauge: s = 0.01, bias = −0.005 → %GRR 30, Cg 0.6667, Cgk 0.5")
    func twoSidedPoor() throws {
        let g = try #require(GaugeCapability(s: 0.01, bias: -0.005, limits: CapabilityLimits(lower: 0.9, upper: 1.1, nominal: 1.0)))
        #expect(abs(g.percentGRR - 30) < 1e-9)
        #expect(abs(try #require(g.cg) - 2.0 / 3) < 1e-9)
        #expect(abs(try #require(g.cgk) - 0.5) < 1e-9)
    }

    /// USL 0.5, nominal 0.3 → |limit − nominal| = 0.2, T = 0.4; s = 0.01, bias 0.002:
    /// %GRR = 100·3·0.01/0.2 = 15; Cg = 0.08/0.06 = 1.3333; Cgk = (0.04 − 0.002)/0.03 = 1.26667.
    @Test("One-sided (upper or lower): |limit − nominal| = 0.2 → %GRR 15, Cg 1.3333, Cgk 1.26667")
    func oneSided() throws {
        for limits in [CapabilityLimits(upper: 0.5, nominal: 0.3), CapabilityLimits(lower: 0.1, nominal: 0.3)] {
            let g = try #require(GaugeCapability(s: 0.01, bias: 0.002, limits: limits))
            #expect(!g.twoSided)
            #expect(abs(g.tolerance - 0.4) < 1e-12)
            #expect(abs(g.percentGRR - 15) < 1e-9)
            #expect(abs(try #require(g.cg) - 4.0 / 3) < 1e-9)
            #expect(abs(try #require(g.cgk) - 0.038 / 0.03) < 1e-9)
        }
    }

    @Test("No limits or zero tolerance → nil; s = 0 → %GRR 0 and Cg/Cgk nil; JSON keys snake_case")
    func degenerate() throws {
        #expect(GaugeCapability(s: 0.01, bias: 0, limits: CapabilityLimits(nominal: 1)) == nil)
        #expect(GaugeCapability(s: 0.01, bias: 0, limits: CapabilityLimits(lower: 1.1, upper: 0.9, nominal: 1)) == nil)
        #expect(GaugeCapability(s: 0.01, bias: 0, limits: CapabilityLimits(upper: 1, nominal: 1)) == nil)
        let perfect = try #require(GaugeCapability(s: 0, bias: 0, limits: CapabilityLimits(lower: 0, upper: 1, nominal: 0.5)))
        #expect(perfect.percentGRR == 0 && perfect.cg == nil && perfect.cgk == nil)
        let json = String(decoding: try JSONEncoder().encode(perfect), as: UTF8.self)
        #expect(json.contains("\"percent_grr\"") && json.contains("\"two_sided\""))
    }

    /// v = 1, 2, 4 with s = 1, 2, 8: in logs x = (0, L, 2L), y = (0, L, 3L), L = ln 2;
    /// slope p = Sxy/Sxx = 3L²/2L² = 1.5, ln k = ȳ − p x̄ = 4L/3 − 1.5L = −L/6 → k = 2^(−1/6) = 0.890899.
    /// T = 60 (LSL 0, USL 60), target 10 % → s* = 10·60/600 = 1 → v* = (1/k)^(1/1.5) = 2^(1/9) = 1.080060.
    @Test("Log–log fit through (1,1), (2,2), (4,8): p = 1.5, k = 0.890899; v* for 10 % GRR at T = 60 is 1.080060")
    func voxelFitHandWorked() throws {
        let samples = [VoxelRepeatability(voxelSize: 1, s: 1), VoxelRepeatability(voxelSize: 2, s: 2),
                       VoxelRepeatability(voxelSize: 4, s: 8)]
        let r = try #require(GaugeCapability.voxelForGRR(target: 10, samples: samples,
                                                        limits: CapabilityLimits(lower: 0, upper: 60, nominal: 30)))
        #expect(abs(r.p - 1.5) < 1e-12)
        #expect(abs(r.k - pow(2, -1.0 / 6)) < 1e-12)
        #expect(abs(r.k - 0.890_899) < 1e-6)
        #expect(!r.exponentAssumed && r.groups == 3)
        #expect(abs(try #require(r.voxelSize) - pow(2, 1.0 / 9)) < 1e-12)
        #expect(abs(try #require(r.voxelSize) - 1.080_060) < 1e-6)
    }

    /// Exact power law s = 20 v²: T = 0.2, target 10 % → s* = 0.2/60 = 0.0033333, v* = √(s*/20) = 0.0129099.
    @Test("Exact power law s = 20 v² (v = 10, 20, 40 µm in mm): v* = 0.0129099 mm at T = 0.2")
    func voxelFitExactPowerLaw() throws {
        let samples = [0.01, 0.02, 0.04].map { VoxelRepeatability(voxelSize: $0, s: 20 * $0 * $0) }
        let r = try #require(GaugeCapability.voxelForGRR(samples: samples, limits: CapabilityLimits(lower: 0.9, upper: 1.1, nominal: 1)))
        #expect(abs(r.p - 2) < 1e-10 && abs(r.k - 20) < 1e-8)
        #expect(abs(try #require(r.voxelSize) - 0.012_909_9) < 1e-7)
    }

    /// Single voxel size v = 0.02, s = 0.004 → p = 1 assumed, k = 0.2; T = 0.2, target 10 %:
    /// s* = 0.0033333 → v* = s*/k = 0.0166667.
    @Test("Single voxel-size group: p = 1 assumed and flagged, v* = 0.0166667")
    func voxelSingleGroup() throws {
        let r = try #require(GaugeCapability.voxelForGRR(target: 10, samples: [VoxelRepeatability(voxelSize: 0.02, s: 0.004)],
                                                        limits: CapabilityLimits(lower: 0.9, upper: 1.1, nominal: 1)))
        #expect(r.exponentAssumed && r.p == 1 && r.note != nil)
        #expect(abs(r.k - 0.2) < 1e-12)
        #expect(abs(try #require(r.voxelSize) - 1.0 / 60) < 1e-12)
    }

    @Test("s falling with voxel size (p ≤ 0) → no voxel size; no usable group → nil")
    func voxelDegenerate() throws {
        let samples = [VoxelRepeatability(voxelSize: 1, s: 2), VoxelRepeatability(voxelSize: 2, s: 1)]
        let r = try #require(GaugeCapability.voxelForGRR(samples: samples, limits: CapabilityLimits(lower: 0, upper: 1, nominal: 0.5)))
        #expect(r.p < 0 && r.voxelSize == nil)
        #expect(GaugeCapability.voxelForGRR(samples: [VoxelRepeatability(voxelSize: 1, s: 0)],
                                            limits: CapabilityLimits(lower: 0, upper: 1, nominal: 0.5)) == nil)
    }
}
