import Imaging

/// Winding quality of one axial slice: unroll, fit, judge, explain (docs/method.md step 5).
///
/// The per-layer fits are the method's, for every fitted layer. The metrics are
/// computed over the *measured* layers: fitted layers whose segmentation is one
/// clean turn, i.e. not flagged as merged turns or a radius jump
/// (`LayerDefectFinder`), because a broken measurement is not a defect:
/// - `winding.layer_count`: number of fitted layers (fragments excluded; the raw
///   label count, the reference's row count, is in the details);
/// - `winding.rmse_mean_mm`: mean of the per-layer RMSE × pixel size;
/// - `winding.max_abs_error_mm`: largest per-layer MaxAE × pixel size;
/// - `winding.buckled_layer_count`: layers whose MaxAE exceeds the buckle threshold;
/// - `winding.max_radial_excursion_mm`: `SpiralExcursion.maxPx` × pixel size,
///   the largest departure from the spiral of the whole roll (not the method's;
///   a buckle is not absorbed by its layer's own line).
/// When the measured layers hold less than `minMeasuredFraction` of the
/// labelled pixels, the last three are `Unmeasured` (code `winding.layers_merged`
/// when layers were excluded, else `winding.layers_fragmented`).
public struct WindingSliceAnalysis: Sendable {
    public let unrolled: UnrolledWinding
    public let report: AnalysisReport<WindingDetails>

    /// The metrics a broken slice cannot give.
    static let unmeasurableMetrics: [MetricID] = [
        .windingRMSEMean, .windingMaxAbsError, .windingBuckledLayerCount, .windingMaxRadialExcursion,
    ]

    /// - Parameter keepsPixels: see `UnrolledWinding`; false where no picture is drawn.
    public init(mask: Mask, centre: WindingCentre, options: WindingOptions = WindingOptions(),
                slice: Int? = nil, segmentation: String? = nil, angles: AngleTable? = nil,
                keepsPixels: Bool = true) throws(UnrolledWinding.Failure) {
        let unrolled = try UnrolledWinding(mask: mask, centre: centre, chunkSize: options.chunkSize, angles: angles,
                                           keepsPixels: keepsPixels)
        self.unrolled = unrolled
        let outermost = unrolled.layers.flatMap(\.chunks).map { $0.meanRadius + $0.thickness }.max() ?? .infinity
        let structure = RadialLayerStructure(mask: mask, centre: centre, maxRadiusPx: outermost)
        self.report = Self.report(unrolled, structure: structure, options: options, slice: slice,
                                  segmentation: segmentation)
    }

    static func report(_ u: UnrolledWinding, structure: RadialLayerStructure, options: WindingOptions, slice: Int?,
                       segmentation: String?) -> AnalysisReport<WindingDetails>
    {
        let fitted = u.fittedLayers
        let defects = LayerDefectFinder.defects(in: u.layers, structure: structure, options: options)
        let broken = defects.filter { $0.kind == .mergedTurns || $0.kind == .radiusJump }
        let excluded = Set(broken.map(\.layer))
        let measured = fitted.filter { !excluded.contains($0.index) }
        let labelled = u.layers.reduce(0) { $0 + $1.pixelCount }
        let fraction = labelled == 0 ? 0 : Double(measured.reduce(0) { $0 + $1.pixelCount }) / Double(labelled)
        let threshold = options.buckleThresholdPx
        let buckled = measured.filter { $0.maxAbsErrorPx! > threshold }.map(\.index)
        let worstLayer = measured.max { $0.maxAbsErrorPx! < $1.maxAbsErrorPx! }
        let worst = worstLayer.map {
            WindingDetails.Worst(slice: slice, layer: $0.index, radiusRank: $0.radiusRank,
                                 maxAbsErrorPx: $0.maxAbsErrorPx!, angleDeg: $0.worstAngle!)
        }
        let mm = options.pixelSizeMM
        let excursion = SpiralExcursion(layers: measured, pitchPx: structure.pitchPx)
        var measurements = [Measurement(.windingLayerCount, Double(fitted.count), unit: "count")]
        var unmeasured: [Unmeasured] = []
        if fraction < options.minMeasuredFraction || worst == nil {
            let reason = brokenReason(fraction: fraction, broken: broken, options: options)
            let code = broken.isEmpty ? "winding.layers_fragmented" : "winding.layers_merged"
            unmeasured = unmeasurableMetrics.map { Unmeasured($0, code: code, reason: reason) }
        } else if let worst {
            let rmseMean = measured.reduce(0) { $0 + $1.rmsePx! } / Double(measured.count)
            measurements += [
                Measurement(.windingRMSEMean, rmseMean * mm, unit: "mm"),
                Measurement(.windingMaxAbsError, worst.maxAbsErrorPx * mm, unit: "mm"),
                Measurement(.windingBuckledLayerCount, Double(buckled.count), unit: "count"),
            ]
            if let excursion {
                measurements.append(Measurement(.windingMaxRadialExcursion, excursion.maxPx * mm, unit: "mm"))
            } else {
                unmeasured.append(Unmeasured(.windingMaxRadialExcursion, code: "winding.too_few_layers",
                                             reason: "\(measured.count) measured layers: the spiral of the roll needs 3"))
            }
        }
        let details = WindingDetails(
            slice: slice, centre: u.centre, pixelSizeMM: mm, labelCount: u.labelCount,
            fittedLayerCount: fitted.count, pitchPx: structure.pitchPx, radial: structure, layers: u.layers,
            layerIndicesByRadius: u.layersByRadius.map(\.index), excludedLayers: excluded.sorted(),
            measuredPixelFraction: fraction, excursion: excursion, buckledLayers: buckled,
            buckleThresholdPx: threshold, defects: defects, worst: worst, segmentation: segmentation, slices: nil,
            unmeasured: unmeasured.isEmpty ? nil : unmeasured)
        return AnalysisReport(measurements: measurements, unmeasured: unmeasured, details: details)
    }

    /// e.g. "clean layers hold 8 % of the electrode pixels (< 50 %); layer 12 merged_turns: chunk thickness 94.4 px > …".
    static func brokenReason(fraction: Double, broken: [LayerDefect], options: WindingOptions) -> String {
        var text = "clean layers hold \(Int((fraction * 100).rounded())) % of the electrode pixels "
            + "(< \(Int((options.minMeasuredFraction * 100).rounded())) %)"
        if let first = broken.first {
            text += "; layer \(first.layer) \(first.kind.rawValue): \(first.detail)"
            if broken.count > 1 { text += " (and \(broken.count - 1) more)" }
        } else {
            text += ": the layers are fragments too short to fit"
        }
        return text
    }
}
