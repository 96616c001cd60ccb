import Analysis

/// Can geometry over every `sliceStep`-th slice (`CanVolumeAnalysis`, the
/// method's step 4 on each slice, aggregated over the cell).
public struct CanStage: InspectionStage {
    public var name: String { "can" }

    public init() {}

    public func run(_ input: StageInput) async throws -> StageOutput {
        let p = input.parameters
        var options = CanSliceOptions()
        options.bins = p.dentBins
        options.ransacMaxTrials = p.ransacTrials
        options.baseSeed = UInt64(max(0, p.ransacSeed))
        let segmentation: CanSegmentation = p.canThreshold.map { .fixed(Float($0)) } ?? .otsu
        let analysis = CanVolumeAnalysis(segmentation: segmentation, options: options, step: p.sliceStep)
        return try StageOutput(report: try await analysis.run(input.volume))
    }
}
