import Analysis
import Imaging

/// The method's step 1 as the pipeline's gate: layer CNR, tilt, cupping, edge
/// sharpness and under-sampling streaks (`ScanQuality`); a failed check makes the scan INVALID.
public struct QualityGateStage: InspectionStage {
    public var name: String { "quality" }
    public var kind: StageKind { .qualityGate }
    public var thresholds: QualityThresholds

    public init(thresholds: QualityThresholds) { self.thresholds = thresholds }

    public func plannedSlices(of volume: any SliceSource, parameters: AnalysisParameters) -> [Int] {
        ScanQuality.slicesRead(depth: volume.shape.depth, sliceStep: parameters.sliceStep(sliceMM: volume.voxelSize.z))
    }

    public func run(_ input: StageInput) async throws -> StageOutput {
        let parameters = ScanQualityParameters(sliceStep: input.parameters.sliceStep(sliceMM: input.volume.voxelSize.z),
                                               thresholds: thresholds)
        let report = try await ScanQuality.analyze(input.volume, parameters: parameters)
        var output = try StageOutput(report: report)
        output.problems = report.details.checks.filter { !$0.passed }.map(QualityProblem.init)
        return output
    }
}
