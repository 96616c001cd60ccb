import Imaging

/// Winding quality of one axial slice: unroll, fit, judge, explain (METHOD.md step 5).
///
/// Metrics (over the layers with a line fit):
/// - `winding.layer_count`: number of fitted layers (fragments excluded; the raw
///   label count, the reference's row count, is in the details);
/// - `winding.rmse_mean_mm`: mean of the per-layer RMSE × pixel size;
/// - `winding.max_abs_error_mm`: largest per-layer MaxAE × pixel size;
/// - `winding.buckled_layer_count`: layers whose MaxAE exceeds the buckle threshold.
public struct WindingSliceAnalysis: Sendable {
    public let unrolled: UnrolledWinding
    public let report: AnalysisReport<WindingDetails>

    /// - Parameter keepsPixels: see `UnrolledWinding`; false where no picture is drawn.
    public init(mask: Mask, centre: WindingCentre, options: WindingOptions = WindingOptions(),
                slice: Int? = nil, segmentation: String? = nil, angles: AngleTable? = nil,
                keepsPixels: Bool = true) throws(UnrolledWinding.Failure) {
        let unrolled = try UnrolledWinding(mask: mask, centre: centre, chunkSize: options.chunkSize, angles: angles,
                                           keepsPixels: keepsPixels)
        self.unrolled = unrolled
        self.report = Self.report(unrolled, options: options, slice: slice, segmentation: segmentation)
    }

    static func report(_ u: UnrolledWinding, options: WindingOptions, slice: Int?, segmentation: String?)
        -> AnalysisReport<WindingDetails>
    {
        let fitted = u.fittedLayers
        let pitch = LayerDefectFinder.pitch(of: u.layers, fragmentMaxPixels: options.fragmentMaxPixels)
        let defects = LayerDefectFinder.defects(in: u.layers, pitchPx: pitch, options: options)
        let threshold = options.buckleThresholdPx
        let buckled = fitted.filter { $0.maxAbsErrorPx! > threshold }.map(\.index)
        let worstLayer = fitted.max { $0.maxAbsErrorPx! < $1.maxAbsErrorPx! }
        let worst = worstLayer.map {
            WindingDetails.Worst(slice: slice, layer: $0.index, radiusRank: $0.radiusRank,
                                 maxAbsErrorPx: $0.maxAbsErrorPx!, angleDeg: $0.worstAngle!)
        }
        let mm = options.pixelSizeMM
        let rmseMean = fitted.isEmpty ? Double.nan : fitted.reduce(0) { $0 + $1.rmsePx! } / Double(fitted.count)
        var measurements = [
            Measurement(.windingLayerCount, Double(fitted.count), unit: "count"),
            Measurement(.windingBuckledLayerCount, Double(buckled.count), unit: "count"),
        ]
        if let worst {
            measurements.insert(Measurement(.windingRMSEMean, rmseMean * mm, unit: "mm"), at: 1)
            measurements.insert(Measurement(.windingMaxAbsError, worst.maxAbsErrorPx * mm, unit: "mm"), at: 2)
        }
        let details = WindingDetails(
            slice: slice, centre: u.centre, pixelSizeMM: mm, labelCount: u.labelCount,
            fittedLayerCount: fitted.count, pitchPx: pitch, layers: u.layers,
            layerIndicesByRadius: u.layersByRadius.map(\.index), buckledLayers: buckled,
            buckleThresholdPx: threshold, defects: defects, worst: worst, segmentation: segmentation,
            slices: nil)
        return AnalysisReport(measurements: measurements, details: details)
    }
}
