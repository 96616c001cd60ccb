import Analysis
import Foundation
import Inspection
import Phantom

/// The gauge's capability on a validation lot: `capability.json` (keys in
/// docs/capability.md) and the numbers behind `capability.html`.
public struct CapabilityReport: Sendable, Codable {
    public var cells: Int
    public var scans: Int
    public var inspectionSeconds: Double
    public var confusion: VerdictConfusionMatrix
    public var falseRejectRate: RateEstimate
    public var falseInvalidRate: RateEstimate
    public var errorRate: RateEstimate
    public var escapeRate: RateEstimate
    public var metrics: [MetricCapability]
    public var pod: [DefectPOD]
    /// The cells whose verdict differs from the expected one, with why.
    public var misses: [Miss]

    enum CodingKeys: String, CodingKey {
        case cells, scans, inspectionSeconds = "inspection_seconds", confusion
        case falseRejectRate = "false_reject_rate", falseInvalidRate = "false_invalid_rate"
        case errorRate = "error_rate", escapeRate = "escape_rate", metrics, pod, misses
    }

    /// One judged metric: bias against truth, repeatability over re-scans, and
    /// the gauge indices each format's table gives it.
    public struct MetricCapability: Sendable, Codable {
        public var id: String
        public var unit: String
        /// Mean of measured − truth over measured scans (PASS or FAIL), and its SD.
        public var bias: Double?
        public var biasSD: Double?
        /// Mean bias in voxels (in-plane; along the axis for overhang lengths).
        public var biasVoxels: Double?
        public var n: Int
        public var biasBy: [String: [String: BiasSummary]]
        public var repeatabilitySD: Double?
        public var repeatabilityGroups: Int
        public var grrPercent: [String: Double]
        public var cg: [String: Double]
        public var cgk: [String: Double]
        /// Voxel size (mm) at which %GRR would reach 10 %, per format (s ∝ voxel^p fitted over re-scanned cells).
        public var voxelForGRR10: [String: VoxelGRRPrediction]

        enum CodingKeys: String, CodingKey {
            case id, unit, bias, biasSD = "bias_sd", biasVoxels = "bias_voxels", n, biasBy = "bias_by"
            case repeatabilitySD = "repeatability_sd", repeatabilityGroups = "repeatability_groups"
            case grrPercent = "grr_percent", cg, cgk, voxelForGRR10 = "voxel_for_grr_10"
        }
    }

    /// Hit/miss POD of one defect class against one limit: hit = the scan FAILs on the
    /// defect's metric. Formats whose tables give that metric the same limit are pooled
    /// (a 0.15 mm dent must be found on an 18650 and passed on a 4680).
    public struct DefectPOD: Sendable, Codable {
        public var defect: String
        public var metric: String
        public var formats: [String]
        /// The table's limit for the metric (its upper, else its lower), nil when none.
        /// With an upper limit (dent, excursion, eccentricity) the size is the metric;
        /// with a lower one (minimum wall) the size is how far the wall thins.
        public var limit: Double?
        public var limitIsUpper: Bool
        public var unit: String
        public var a50: Double?
        public var a90: Double?
        public var a90_95: Double?
        public var hits: Int
        public var misses: Int
        public var status: String
        public var reason: String?
        public var points: [PODPoint]
        public var curve: [PODCurvePoint]

        enum CodingKeys: String, CodingKey {
            case defect, metric, formats, limit, limitIsUpper = "limit_is_upper", unit, a50, a90, a90_95
            case hits, misses, status, reason, points, curve
        }
    }

    public struct Miss: Sendable, Codable {
        public var id: String
        public var expected: String
        public var observed: String
        public var defect: String
        public var reasons: [String]
    }

    public init(observations: [LotObservation], tolerances: [String: ToleranceTable], inspectionSeconds: Double) {
        cells = Set(observations.map(\.cell)).count
        scans = observations.count
        self.inspectionSeconds = inspectionSeconds
        var confusion = VerdictConfusionMatrix()
        for o in observations {
            confusion.record(expected: o.expected, observed: ObservedVerdict(rawValue: o.observed) ?? .error)
        }
        self.confusion = confusion
        let rates = confusion.rates
        falseRejectRate = rates.falseRejectRate
        falseInvalidRate = rates.falseInvalidRate
        errorRate = rates.errorRate
        escapeRate = rates.escapeRate
        let judged = Set(tolerances.values.flatMap { $0.limits.keys.map(\.rawValue) }).sorted()
        metrics = judged.map { Self.capability(of: $0, observations, tolerances) }
        pod = Self.pods(observations, tolerances)
        misses = observations.filter { o in
            o.expected != .ambiguous && o.expected.rawValue != o.observed
        }.map { Miss(id: $0.id, expected: $0.expected.rawValue, observed: $0.observed, defect: $0.truth.cell.defect.summary,
                     reasons: $0.reasons) }
    }

    // MARK: metrics

    /// Scans whose verdict says the analyses ran to the end (PASS or FAIL).
    static func measurable(_ o: LotObservation) -> Bool { o.observed == "PASS" || o.observed == "FAIL" }

    static func voxel(of id: String, _ cell: LotCell) -> Double {
        id.hasPrefix("overhang.") ? cell.spec.voxelSize.z : cell.spec.voxelSize.x
    }

    static func capability(of id: String, _ observations: [LotObservation], _ tolerances: [String: ToleranceTable]) -> MetricCapability {
        var pairs: [(o: LotObservation, pair: MeasurementTruthPair)] = []
        for o in observations where measurable(o) {
            guard let m = o.measured[id], let t = o.truth.cell.metrics[id] else { continue }
            pairs.append((o, MeasurementTruthPair(measured: m, truth: t)))
        }
        let overall = BiasSummary(pairs.map(\.pair))
        let inVoxels = pairs.map { ($0.pair.measured - $0.pair.truth) / voxel(of: id, $0.o.truth.cell) }
        func by(_ key: (LotObservation) -> String) -> [String: BiasSummary] {
            BiasSummary.grouped(pairs.map { (key($0.o), $0.pair) })
        }
        let biasBy: [String: [String: BiasSummary]] = [
            "voxel_mm": by { voxelBin($0.truth.cell.voxelMM) },
            "sample": by { $0.truth.cell.sampleKind },
            "polarity": by { $0.truth.cell.polarity.rawValue },
            "format": by { $0.format },
        ]
        // Repeatability: scans of the same physical cell.
        let groups = Dictionary(grouping: pairs, by: { $0.o.cell }).values.filter { $0.count >= 2 }
        let pooled = PooledRepeatability(groups: groups.map { $0.map(\.pair.measured) })
        var grr: [String: Double] = [:], cg: [String: Double] = [:], cgk: [String: Double] = [:]
        var voxelFor: [String: VoxelGRRPrediction] = [:]
        let metricID = MetricID(rawValue: id)
        for (format, table) in tolerances {
            guard let limit = table.limits[metricID], limit.lower != nil || limit.upper != nil else { continue }
            let own = groups.filter { $0.first?.o.format == format }
            let s = PooledRepeatability(groups: own.map { $0.map(\.pair.measured) })?.sR ?? pooled?.sR
            let nominalTruths = pairs.filter { $0.o.format == format && $0.o.expected == .pass }.map(\.pair.truth)
            guard let s, !nominalTruths.isEmpty else { continue }
            let nominal = nominalTruths.reduce(0, +) / Double(nominalTruths.count)
            let limits = CapabilityLimits(lower: limit.lower, upper: limit.upper, nominal: nominal)
            let formatBias = BiasSummary(pairs.filter { $0.o.format == format }.map(\.pair))?.meanBias ?? overall?.meanBias ?? 0
            if let g = GaugeCapability(s: s, bias: formatBias, limits: limits) {
                grr[format] = g.percentGRR
                cg[format] = g.cg
                cgk[format] = g.cgk
            }
            let samples = groups.compactMap { group -> VoxelRepeatability? in
                guard let sd = PooledRepeatability(groups: [group.map(\.pair.measured)])?.sR, sd > 0 else { return nil }
                return VoxelRepeatability(voxelSize: group[0].o.truth.cell.voxelMM, s: sd)
            }
            voxelFor[format] = VoxelGRRPrediction(target: 10, samples: samples, limits: limits)
        }
        return MetricCapability(
            id: id, unit: unit(of: id), bias: overall?.meanBias, biasSD: overall?.sdBias,
            biasVoxels: inVoxels.isEmpty ? nil : inVoxels.reduce(0, +) / Double(inVoxels.count), n: pairs.count,
            biasBy: biasBy, repeatabilitySD: pooled?.sR, repeatabilityGroups: groups.count,
            grrPercent: grr, cg: cg, cgk: cgk, voxelForGRR10: voxelFor)
    }

    static func unit(of id: String) -> String {
        id.hasSuffix("_mm") ? "mm" : (id.hasSuffix("_deg") ? "deg" : "")
    }

    /// Voxel sizes binned for the bias table: 0.015–0.025, 0.025–0.04, 0.04–0.06 mm.
    static func voxelBin(_ v: Double) -> String {
        v < 0.025 ? "0.015-0.025" : (v < 0.04 ? "0.025-0.040" : "0.040-0.060")
    }

    // MARK: POD

    static func pods(_ observations: [LotObservation], _ tolerances: [String: ToleranceTable]) -> [DefectPOD] {
        let classes: [LotDefect.Kind] = [.dent, .buckle, .negativeOverhang, .wallThinning, .ovality]
        return classes.flatMap { kind -> [DefectPOD] in
            let scans = observations.filter { $0.truth.cell.defect.kind == kind && measurable($0) }
            guard let metric = scans.first?.truth.cell.defect.metric else { return [] }
            let id = MetricID(rawValue: metric)
            func limit(_ format: String) -> Double? { tolerances[format]?.limits[id].flatMap { $0.upper ?? $0.lower } }
            let upper = tolerances.values.contains { $0.limits[id]?.upper != nil }
            let groups = Dictionary(grouping: scans) { limit($0.format) }
            return groups.keys.sorted { ($0 ?? -1) < ($1 ?? -1) }.map { key in
                pod(kind, metric: metric, limit: key, upper: upper, groups[key]!)
            }
        }
    }

    static func pod(_ kind: LotDefect.Kind, metric: String, limit: Double?, upper: Bool, _ scans: [LotObservation]) -> DefectPOD {
        let points = scans.map { PODPoint(size: $0.truth.cell.defect.size, hit: $0.failing.contains(metric)) }
        let fit = PODAnalysis.fit(points)
        let sizes = points.map(\.size)
        var grid: [Double] = []
        if let smallest = sizes.filter({ $0 > 0 }).min(), let largest = sizes.max() {
            let lo = log(smallest * 0.7), hi = log(largest * 1.3)
            grid = (0...40).map { exp(lo + (hi - lo) * Double($0) / 40) }
        }
        return DefectPOD(defect: kind.rawValue, metric: metric, formats: Set(scans.map(\.format)).sorted(), limit: limit, limitIsUpper: upper,
                         unit: scans.first?.truth.cell.defect.unit ?? "",
                         a50: fit.a50, a90: fit.a90, a90_95: fit.a90_95, hits: fit.hits, misses: fit.misses,
                         status: fit.status.rawValue, reason: fit.reason, points: points,
                         curve: fit.status == .ok ? fit.curve(at: grid) : [])
    }

    // MARK: output

    /// Writes capability.json and capability.html into `folder`; returns their paths.
    public func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = folder + "/capability.json", html = folder + "/capability.html"
        try encoder.encode(self).write(to: URL(fileURLWithPath: json), options: .atomic)
        try Data(CapabilityPage.html(self).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
        return [json, html]
    }

    /// The headline, for the terminal and the README table.
    public var summaryText: String {
        func rate(_ r: RateEstimate) -> String {
            guard let v = r.rate else { return "— (0 scans)" }
            return String(format: "%.1f %% (%d of %d; ≤ %.1f %% at 95 %%)", 100 * v, r.count, r.total, 100 * (r.upper95 ?? 1))
        }
        var lines = [
            "\(scans) scans of \(cells) cells inspected in \(Int(inspectionSeconds)) s",
            "false reject:  \(rate(falseRejectRate))",
            "false INVALID: \(rate(falseInvalidRate))",
            "ERROR:         \(rate(errorRate))",
            "escape:        \(rate(escapeRate))",
        ]
        for p in pod {
            let a = [p.a50, p.a90, p.a90_95].map { $0.map { String(format: "%.3g", $0) } ?? "—" }
            lines.append("POD \(p.defect) (\(p.formats.joined(separator: ", ")), limit \(p.limit.map { String(format: "%g", $0) } ?? "none")): a50 \(a[0]), a90 \(a[1]), a90/95 \(a[2]) \(p.unit) (\(p.hits) hits, \(p.misses) misses; \(p.status))")
        }
        return lines.joined(separator: "\n")
    }
}
