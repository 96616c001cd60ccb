import Analysis
import Foundation
import Imaging
import VolumeIO

/// Can geometry over every `sliceStep`-th slice where the quality gate saw the
/// can's round wall along the cell body (`ScanQualityDetails.canBodyRange`), with
/// `CanVolumeAnalysis`: the method's step 4 on each slice, aggregated over the cell.
public struct CanStage: InspectionStage {
    public var name: String { "can" }
    public var inputs: [String]? { [] }

    public init() {}

    public func run(_ input: StageInput) async throws -> StageOutput {
        let p = input.parameters
        var options = CanSliceOptions(innerContour: .largestHole)
        options.bins = p.dentBins
        options.ransacMaxTrials = p.ransacTrials
        options.baseSeed = UInt64(max(0, p.ransacSeed))
        options.wallDefinition = p.wallDefinition
        let level = try p.canLevel(input.volume)
        let segmentation = CanSegmentation.fixed(level)
        let step = p.sliceStep(sliceMM: input.volume.voxelSize.z)
        let analysis = CanVolumeAnalysis(segmentation: segmentation, options: options, step: step)
        // Judge the can where the gate saw its round wall around the roll's body: the
        // cap and crimp slices at the ends of a scan have no plain ring to measure.
        let body = try input.earlier["quality"]?.details?.decode(ScanQualityDetails.self).canBodyRange(depth: input.volume.shape.depth)
        let slices = body.map { Array(stride(from: $0.lowerBound, through: $0.upperBound, by: Self.step(step, over: $0))) }
        let report = try await analysis.run(input.volume, slices: slices)
        return try StageOutput(report: report, artefacts: try overlay(report.details, input.volume, level: level, options: options))
    }

    /// At least this many slices are measured over the body, whatever the pitch: the
    /// can axis (which the overhang sections turn about) needs three centres, and a
    /// scan of only the roll's top (1–2 mm of body) would otherwise get two slices,
    /// no axis, and an ERROR instead of a verdict.
    static let minimumSlices = 5

    /// The configured step, shortened where the body is too short for ``minimumSlices``.
    static func step(_ configured: Int, over body: ClosedRange<Int>) -> Int {
        let count = body.upperBound - body.lowerBound + 1
        return max(1, min(configured, (count - 1) / (minimumSlices - 1)))
    }

    /// The slice with the deepest dent: contours, fitted ellipse and the dent marked.
    func overlay(_ details: CanDetails, _ volume: any SliceSource, level: Float, options: CanSliceOptions) throws -> [Artefact] {
        guard let index = details.extremes?.maxDentSlice else { return [] }
        let image = try volume.slice(index)
        var single = options
        single.seedCount = 1
        let (result, wall) = try CanSliceAnalysis.measured(image: image, segmentation: .fixed(level),
                                                           pixelSizeMM: volume.voxelSize.inPlane, options: single, sliceIndex: index)
        let png = try PNGWriter.encode(CanOverlay.render(image: image, wall: wall, result: result))
        return [Artefact(name: "can_overlay.png",
                         caption: "Can wall of slice \(index) (deepest dent): contours, fitted ellipse, dent marked",
                         content: .png(Data(png)))]
    }
}
