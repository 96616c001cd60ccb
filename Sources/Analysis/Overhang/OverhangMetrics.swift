import Foundation
import Imaging

/// The per-cell overhang metrics.
///
/// Over the regions (the reference's population, notebook 01), standard
/// deviations with `ddof = 1` as pandas `Series.std`:
/// - `overhang.count`: number of regions over all sections and ends.
/// - `overhang.angle_mean_deg`, `overhang.angle_std_deg`: region orientation
///   (scikit-image, physical pixels) in degrees.
/// - `overhang.length_mean_mm`, `overhang.length_std_mm`: `(bbox[2] − bbox[0])·z`.
/// - `overhang.base_deviation_std_mm`, `overhang.base_deviation_max_mm`: the base
///   `bbox[2]` minus its mean over the regions of the same roll end, times `z`;
///   std, and the largest absolute deviation.
/// Over the signed layer ends (every anode end measured against its cathodes):
/// - `overhang.length_min_mm`: the smallest signed overhang, negative when a
///   cathode reaches beyond its anode anywhere.
/// - `overhang.negative_count`: ends whose overhang is below zero.
public enum OverhangMetrics {
    public static func measurements(regions: [OverhangRegion], ends: [OverhangDetails.End],
                                    voxelSize: VoxelSize) -> [Measurement] {
        var m: [Measurement] = [Measurement(.overhangCount, Double(regions.count), unit: "count")]
        let angles = regions.map(\.orientationDegrees)
        let lengths = regions.map(\.lengthMM)
        var deviations: [Double] = []
        for end in [RollEnd.top, .bottom] {
            let bases = regions.filter { $0.end == end }.map { Double($0.baseRow) }
            guard !bases.isEmpty else { continue }
            let mean = bases.reduce(0, +) / Double(bases.count)
            deviations += bases.map { ($0 - mean) * voxelSize.z }
        }
        if !regions.isEmpty {
            m.append(Measurement(.overhangAngleMean, mean(angles), unit: "deg"))
            m.append(Measurement(.overhangAngleStd, std(angles), unit: "deg"))
            m.append(Measurement(.overhangLengthMean, mean(lengths), unit: "mm"))
            m.append(Measurement(.overhangLengthStd, std(lengths), unit: "mm"))
            m.append(Measurement(.overhangBaseDeviationStd, std(deviations), unit: "mm"))
            m.append(Measurement(.overhangBaseDeviationMax, deviations.map(abs).max() ?? 0, unit: "mm"))
        }
        if let least = ends.map(\.overhangMM).min() ?? lengths.min() {
            m.append(Measurement(.overhangLengthMin, least, unit: "mm"))
        }
        m.append(Measurement(.overhangNegativeCount, Double(ends.filter { $0.overhangMM < 0 }.count), unit: "count"))
        return m
    }

    /// The report of a cell: ``measurements(regions:ends:voxelSize:)`` when a family
    /// was identified as the anode. When none was (``AnodeIdentification``), the
    /// signed-end metrics (`overhang.negative_count`, `overhang.length_min_mm`) are
    /// unmeasured with code `overhang.polarity_unknown`, because no end can be signed,
    /// and so are the region metrics when the classical segmenter made the regions
    /// (it has none to offer: a count of 0 would read as a cell without overhangs);
    /// a model's regions do not depend on the identification and are kept. When the
    /// anode was identified but every end that could be signed was left out as
    /// ambiguous or unconfirmed (``OverhangDetails/ambiguousEnds``, ``OverhangDetails/unconfirmedEnds``),
    /// the signed-end metrics are
    /// unmeasured with code `overhang.end_ambiguous`: a cell is not passed on ends
    /// that were never measured, nor failed on ends that were misread. When no end and
    /// no region was found at all, the signed and (classical) region metrics are
    /// unmeasured with code `overhang.no_layer_ends`; when no end is negative but a turn
    /// the sections resolve has no measured end (``EndCoverage``), the signed-end metrics
    /// are unmeasured with code `overhang.too_few_ends`. Before all of these: when the dimmer
    /// layers stand less than `minimumContrastToNoise` (default ``minimumContrastToNoise``,
    /// `analysis.overhang_min_layer_cnr`) above the separator, the signed and
    /// (classical) region metrics are unmeasured with code `overhang.layers_faint`.
    public static func report(regions: [OverhangRegion], ends: [OverhangDetails.End], voxelSize: VoxelSize,
                              identification: AnodeIdentification, regionsByModel: Bool,
                              details: OverhangDetails,
                              minimumContrastToNoise: Double = minimumContrastToNoise) -> AnalysisReport<OverhangDetails> {
        let all = measurements(regions: regions, ends: ends, voxelSize: voxelSize)
        let signed: [MetricID] = [.overhangNegativeCount, .overhangLengthMin]
        let regional: [MetricID] = [.overhangCount, .overhangAngleMean, .overhangAngleStd, .overhangLengthMean,
                                    .overhangLengthStd, .overhangBaseDeviationStd, .overhangBaseDeviationMax]
        // The classical segmenter's regions come from the same ends: lost with them; a model's stay.
        let signedAndRegions = signed + (regionsByModel ? [] : regional)
        // The report with `lost` unmeasured under `code`, the other metrics kept.
        func unmeasured(_ lost: [MetricID], _ code: String, _ reason: String) -> AnalysisReport<OverhangDetails> {
            AnalysisReport(measurements: all.filter { !lost.contains($0.id) },
                           unmeasured: lost.map { Unmeasured($0, code: code, reason: reason) }, details: details)
        }
        // Faint dimmer layers: their ends are found where noise dips, not where they end.
        if let cnr = details.dimmerContrastToNoise, cnr < minimumContrastToNoise {
            let reason = String(format: "the dimmer layers stand %.2f σ above the separator (< %.1f σ): their ends "
                                + "cannot be told from noise; rescan at a finer voxel size or with longer exposure",
                                cnr, minimumContrastToNoise)
            return unmeasured(signedAndRegions, layersFaint, reason)
        }
        let ambiguous = details.ambiguousEnds ?? 0, unconfirmed = details.unconfirmedEnds ?? 0
        if identification.anode != nil, ends.isEmpty, ambiguous + unconfirmed > 0 {
            let reason = "every anode end that could be signed was ambiguous (\(ambiguous + unconfirmed) read negative but "
                + "were not confirmed: \(ambiguous) where the layer is not an anode in the sections beside it, "
                + "\(unconfirmed) on turns whose other ends do not read short)"
            return unmeasured(signed, endAmbiguous, reason)
        }
        // Every roll has layer ends at its top: finding none is a broken measurement, not a
        // cell without overhangs (a negative count of 0 and no minimum would read as a pass).
        if identification.anode != nil, ends.isEmpty, regions.isEmpty {
            let reason = "no layer end was found on any section of the roll's end region: nothing to measure"
            return unmeasured(signedAndRegions, noLayerEnds, reason)
        }
        // No negative end, but a turn never measured: the ends do not say it overhangs.
        if identification.anode != nil, let coverage = details.endCoverage, !coverage.coversTheRoll,
           !ends.contains(where: { $0.overhangMM < 0 }) {
            let missing = coverage.unmeasuredTurns.map { String(format: "%.2f", $0.radiusMM) }
            let reason = "\(coverage.measured) anode layer ends measured of \(coverage.seen) seen, but none on "
                + (missing.isEmpty ? "any turn" : "the turns at \(missing.joined(separator: ", ")) mm from the axis")
                + ": a short anode there would pass unseen"
            return unmeasured(signed, tooFewEnds, reason)
        }
        guard identification.anode == nil else { return AnalysisReport(measurements: all, details: details) }
        let reason = "anode and cathode not identified: " + identification.reason
        return unmeasured(signedAndRegions, polarityUnknown, reason)
    }

    /// Least contrast of the dimmer layers over the separator, in σ of their level
    /// (``OverhangDetails/dimmerContrastToNoise``), for their ends to be measured. Below one
    /// σ the half level their ends are read at lies within half a σ of both the layer and
    /// the separator: ends fall where noise dips, the cathode of an anode-brighter cell
    /// "ends" anywhere in its body, and a short anode reads as a long overhang. This is
    /// the contrast at the scan's resolution, not the materials': at 0.05–0.06 mm voxels
    /// a 0.12 mm cathode between 1 px separators is not resolved from them (on the
    /// validation lot of seed 1 the short anodes below it read 1–2 mm long and passed).
    public static let minimumContrastToNoise = 1.0

    /// The code of the overhang metrics when the dimmer layers are too faint to end.
    public static let layersFaint = "overhang.layers_faint"

    /// The code of the signed-end metrics when no end is negative but some turn has no
    /// measured end (``EndCoverage``).
    public static let tooFewEnds = "overhang.too_few_ends"

    /// The code of the overhang metrics when no layer end was found at all.
    public static let noLayerEnds = "overhang.no_layer_ends"

    /// The code of a metric left unmeasured because the anode could not be identified.
    public static let polarityUnknown = "overhang.polarity_unknown"

    /// The code of a signed-end metric left unmeasured because every end that read
    /// negative was ambiguous and no other end was measured.
    public static let endAmbiguous = "overhang.end_ambiguous"

    static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

    /// Sample standard deviation (ddof = 1), 0 for a single value.
    static func std(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = mean(v)
        return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)).squareRoot()
    }
}
