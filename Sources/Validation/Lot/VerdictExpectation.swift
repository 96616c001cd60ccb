import Analysis
import Inspection
import Phantom

/// The verdict a lot cell should get under a tolerance table and the gate's
/// quality limits, from its truth alone.
///
/// A metric is *ambiguous* when its truth lies within `max(guard band, 1 voxel)`
/// of a limit (0.01 for eccentricity, nothing for counts): no gauge can be asked
/// to call it either way, so such cells are counted apart from the rates. A scan
/// whose quality truth is beyond a gate limit must be INVALID; within 20 % of
/// the CNR limit, 0.1° of the tilt limit or 0.02 of the cupping limit it is
/// ambiguous too. The CNR's truth follows the gate's definition (``layerCNR(of:)``).
public struct VerdictExpectation: Sendable, Codable, Equatable {
    public var call: ExpectedVerdict
    /// Metrics whose truth is beyond a limit (FAIL) or within the band (ambiguous).
    public var failing: [String]
    public var ambiguous: [String]

    public init(cell: LotCell, table: ToleranceTable, quality: QualityThresholds) {
        var failing: [String] = [], ambiguous: [String] = [], invalid = false
        let q = cell.quality
        func gate(_ id: String, beyond: Bool, near: Bool) {
            if beyond { invalid = true; failing.append(id) } else if near { ambiguous.append(id) }
        }
        if let limit = quality.maxTiltDeg {
            gate(MetricID.qualityTilt.rawValue, beyond: q.tiltDegrees > limit + 0.1, near: q.tiltDegrees > limit - 0.1)
        }
        if let limit = quality.maxCupping {
            gate(MetricID.qualityCupping.rawValue, beyond: q.cupping > limit + 0.02, near: q.cupping > limit - 0.02)
        }
        if let limit = quality.minSNR {
            let cnr = Self.layerCNR(of: cell.spec)
            gate(MetricID.qualitySNR.rawValue, beyond: cnr < 0.8 * limit, near: cnr < 1.2 * limit)
        }
        if invalid {
            self.init(call: .invalid, failing: failing, ambiguous: ambiguous)
            return
        }
        for (id, limit) in table.limits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard let truth = cell.metrics[id.rawValue] else { continue }
            let band = max(limit.guardBand ?? 0, Self.resolution(of: id, cell: cell))
            let distances = [limit.lower.map { truth - $0 }, limit.upper.map { $0 - truth }].compactMap { $0 }
            guard let inside = distances.min() else { continue }
            if inside < -band || (band == 0 && inside < 0) {
                failing.append(id.rawValue)
            } else if abs(inside) <= band && band > 0 {
                ambiguous.append(id.rawValue)
            }
        }
        let call: ExpectedVerdict = !failing.isEmpty ? .fail : (!ambiguous.isEmpty ? .ambiguous : .pass)
        self.init(call: call, failing: failing, ambiguous: ambiguous)
    }

    public init(call: ExpectedVerdict, failing: [String], ambiguous: [String]) {
        self.call = call
        self.failing = failing
        self.ambiguous = ambiguous
    }

    /// The truth of `quality.snr` under its documented definition (README, "Scan
    /// quality"): the 85th minus the 15th percentile of a ring through the roll, over
    /// the noise σ. A ring crosses each material for its share of the pitch, so on a
    /// noise-free ring the 15th percentile is the separator's level when the
    /// separator takes at least 15 % of the pitch, else the darker coating's, and the
    /// 85th the brighter coating's. (The phantom's own `snr`, brighter coating against
    /// separator, reads higher wherever the separator is thin.) Blur and foils are not
    /// modelled: they only lower the measured figure.
    static func layerCNR(of spec: PhantomSpec) -> Double {
        let roll = spec.roll, levels = spec.levels
        guard spec.quality.noiseSigma > 0 else { return .infinity }
        let strata = [(levels.separator, 1 - (roll.anodeThickness + roll.cathodeThickness) / roll.pitch),
                      (levels.anode, roll.anodeThickness / roll.pitch), (levels.cathode, roll.cathodeThickness / roll.pitch)]
            .sorted { $0.0 < $1.0 }
        func percentile(_ p: Double) -> Double {
            var cumulative = 0.0
            for (level, share) in strata {
                cumulative += share
                if cumulative >= p { return level }
            }
            return strata.last!.0
        }
        return (percentile(0.85) - percentile(0.15)) / spec.quality.noiseSigma
    }

    /// The smallest difference a scan can be asked to resolve for a metric: one
    /// voxel for lengths (along the axis for overhang lengths), 0.01 for the
    /// eccentricity, nothing for counts.
    static func resolution(of id: MetricID, cell: LotCell) -> Double {
        let raw = id.rawValue
        if raw.hasSuffix("_count") { return 0 }
        if raw == MetricID.canEccentricity.rawValue { return 0.01 }
        if raw.hasPrefix("overhang.") { return cell.spec.voxelSize.z }
        return raw.hasSuffix("_mm") ? cell.spec.voxelSize.x : 0
    }
}

/// A lot cell's truth as written to `LOT/truth/<id>.json`: the drawn cell and
/// the verdict each tolerance table expects.
public struct LotTruthFile: Sendable, Codable, Equatable {
    public var cell: LotCell
    /// Expected verdict under the table of the cell's format, and under every
    /// other table the lot writer was given, by format name.
    public var expected: [String: VerdictExpectation]

    public init(cell: LotCell, expected: [String: VerdictExpectation]) {
        self.cell = cell
        self.expected = expected
    }
}
