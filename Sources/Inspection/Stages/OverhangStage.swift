import Analysis
import Foundation
import Imaging
import VolumeIO

/// Electrode overhangs (the method's step 3) on angular sections through the
/// cell axis measured by the can stage, over the top end region of the volume.
public struct OverhangStage: InspectionStage {
    public var name: String { "overhang" }
    public var inputs: [String]? { ["can"] }
    /// Length of the end region searched from the top of the volume, mm.
    public var topRegionMM: Double

    public init(topRegionMM: Double = 8) { self.topRegionMM = topRegionMM }

    public enum Failure: Error, CustomStringConvertible {
        case noAxis
        public var description: String {
            "no cell axis: the can stage measured no slice, so the sections have nothing to turn about"
        }
    }

    /// The end region searched: the first `topRegionMM` of the volume, at least 8 slices.
    func topRegion(of volume: any SliceSource) -> Range<Int> {
        let depth = volume.shape.depth
        return 0..<min(depth, max(8, Int((topRegionMM / volume.voxelSize.z).rounded())))
    }

    public func plannedSlices(of volume: any SliceSource, parameters: AnalysisParameters) -> [Int] {
        Array(topRegion(of: volume))
    }

    public func run(_ input: StageInput) async throws -> StageOutput {
        let volume = input.volume
        let depth = volume.shape.depth
        guard let can = try input.earlier["can"]?.details?.decode(CanDetails.self), let axis = can.axis else {
            throw Failure.noAxis
        }
        let line = axis.line(voxelSize: volume.voxelSize, depth: depth)
        let analysis = OverhangAnalysis(angleStepDegrees: input.parameters.overhangAngleStepDeg,
                                        shortTurnSignificance: input.parameters.overhangShortTurnAlpha,
                                        minimumContrastToNoise: input.parameters.overhangMinLayerCNR)
        let result = try await analysis.run(volume, axis: line, top: topRegion(of: volume))
        let regions = result.report.details.overhangs
        var artefacts = [
            Artefact(name: "overhang_deflection.svg", caption: "Overhang deflection",
                     content: .svg(OverhangHistogram.svg(regions.compactMap(\.deflectionDegrees), title: "Overhang deflection",
                                                         xLabel: "deflection (deg, + outward)"))),
            Artefact(name: "overhang_length.svg", caption: "Overhang vertical length",
                     content: .svg(OverhangHistogram.svg(regions.map(\.lengthMM), bins: 10, title: "Overhang vertical length",
                                                         xLabel: "length (mm)"))),
        ]
        if let section = result.sections.first(where: { $0.section.angleDegrees == 0 }) ?? result.sections.first {
            artefacts.append(Artefact(
                name: "overhang_section.png", caption: "Overhang regions on the section at \(section.section.angleDegrees)°",
                content: .png(Data(try PNGWriter.encode(OverhangOverlay.render(section))))))
        }
        return try StageOutput(report: result.report, artefacts: artefacts)
    }
}
