/// Settings of the winding analysis (docs/method.md step 5). Defaults are the reference's.
public struct WindingOptions: Sendable, Codable, Equatable {
    /// Target pixels per angular chunk: a layer of n pixels is split into
    /// max(1, n / chunkSize) chunks. Reference: 75.
    public var chunkSize: Int = 75
    /// A fitted layer is "buckled" when its MaxAE exceeds this, mm.
    /// Default 0.17 mm ≈ 5 px at 0.034 mm/px: nominal layers of the example
    /// slice `im_1` reach 2.9 px, the buckled example ~15 px.
    public var buckleThresholdMM: Double = 0.17
    /// Layers with fewer pixels than this are reported as fragments. Default
    /// 2 · chunkSize: fewer pixels give at most one chunk, hence no line fit.
    public var fragmentMaxPixels: Int = 150
    /// A slice (a cell) is measured only when at least this share of its
    /// labelled electrode pixels lies in clean layers (of its analysed slices is
    /// measured); below it the segmentation, not the winding, decides the
    /// numbers, and the metrics are reported as not measured. Default: a majority.
    public var minMeasuredFraction: Double = 0.5
    /// In-plane pixel size, mm.
    public var pixelSizeMM: Double = 0.03397

    public init() {}

    public init(chunkSize: Int = 75, buckleThresholdMM: Double = 0.17, fragmentMaxPixels: Int? = nil,
                pixelSizeMM: Double = 0.03397) {
        self.chunkSize = chunkSize
        self.buckleThresholdMM = buckleThresholdMM
        self.fragmentMaxPixels = fragmentMaxPixels ?? 2 * chunkSize
        self.pixelSizeMM = pixelSizeMM
    }

    /// The buckle threshold in pixels.
    public var buckleThresholdPx: Double { buckleThresholdMM / pixelSizeMM }
}
