/// The per-layer material behind the winding metrics, for people and reports.
///
/// For one slice: every layer (reference numbering, with its radius rank), the
/// broken layers and the worst layer. For a whole cell: the same for the worst
/// slice, plus a summary line per analysed slice.
public struct WindingDetails: Sendable, Codable, Equatable {
    /// Slice the layers come from (nil when a single image was analysed).
    public var slice: Int?
    public var centre: WindingCentre
    public var pixelSizeMM: Double
    /// Labels after the seam cut, fragments included (the reference's row count).
    public var labelCount: Int
    /// Layers with a line fit (≥ 2 chunks): `winding.layer_count`.
    public var fittedLayerCount: Int
    /// Radial spacing of neighbouring layers as rays from the centre cross the
    /// mask (`RadialLayerStructure.pitchPx`), px.
    public var pitchPx: Double?
    /// The mask read along rays, independent of the labels: pitch, layer
    /// thickness, radial layer count; the yardstick for `defects`.
    public var radial: RadialLayerStructure?
    /// Every layer in reference order (reversed raster labels).
    public var layers: [WindingLayer]
    /// Layer indices ordered by mean radius, innermost first.
    public var layerIndicesByRadius: [Int]
    /// Fitted layers left out of the metrics because their segmentation broke
    /// (merged turns, radius jump: see `defects`): their line fit measures the
    /// labelling, not the winding.
    public var excludedLayers: [Int]
    /// Share of the labelled electrode pixels that lie in the layers the metrics
    /// are computed on (fitted, not excluded); below
    /// `WindingOptions.minMeasuredFraction` the slice is not measured.
    public var measuredPixelFraction: Double
    /// The measured layers against the spiral of the whole roll
    /// (`winding.max_radial_excursion_mm`); nil with fewer than 3 measured layers.
    public var excursion: SpiralExcursion?
    /// Measured (not excluded) layers whose MaxAE exceeds the buckle threshold.
    public var buckledLayers: [Int]
    public var buckleThresholdPx: Double
    /// Fragments, merged turns and radius jumps, each with where and what was measured.
    public var defects: [LayerDefect]
    public var worst: Worst?
    /// How the electrode mask was obtained (fixed/automatic thresholds, or a given mask).
    public var segmentation: String?
    /// Whole-cell runs: one line per analysed slice.
    public var slices: [SliceSummary]?

    /// Why the slice's winding metrics were not measured (nil when they were).
    public var unmeasured: [Unmeasured]?

    /// The measured layer with the largest MaxAE.
    public struct Worst: Sendable, Codable, Equatable {
        public var slice: Int?
        public var layer: Int
        public var radiusRank: Int
        public var maxAbsErrorPx: Double
        public var angleDeg: Double
    }

    public struct SliceSummary: Sendable, Codable, Equatable {
        public var slice: Int
        public var labelCount: Int
        public var fittedLayerCount: Int
        public var rmseMeanPx: Double?
        public var maxAbsErrorPx: Double?
        /// `SpiralExcursion.maxPx` of the slice.
        public var maxRadialExcursionPx: Double?
        public var worstLayer: Int?
        public var worstAngleDeg: Double?
        public var buckledLayerCount: Int
        public var defectCount: Int
        /// Layers left out of the metrics (see `excludedLayers`).
        public var excludedLayerCount: Int
        /// The `Unmeasured.code` when the slice's metrics were not measured.
        public var unmeasuredCode: String?
        public var seconds: Double
        /// Why the slice could not be analysed (nil when it was).
        public var error: String?
    }
}
