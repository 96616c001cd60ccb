import Analysis
import Foundation
import Imaging
import VolumeIO

/// Winding quality on slices along the axis (`WindingCellAnalysis`, the
/// method's step 5 with its classical segmentation), plus the worst slice's
/// deviation heat map and layer overlay.
///
/// Only the slice range the quality gate found in the body of the roll is
/// analysed: above it (cap, overhanging anodes) there are no whole layers to
/// fit, and half-formed ones would read as buckles. Without a configured
/// electrode threshold, one level serves every slice: Otsu inside the can of
/// the middle slice of that range (`WindingSegmentation.scanLevel`).
public struct WindingStage: InspectionStage {
    public var name: String { "winding" }
    public var inputs: [String]? { [] }

    public init() {}

    public func run(_ input: StageInput) async throws -> StageOutput {
        let p = input.parameters
        let volume = input.volume
        var options = WindingCellAnalysis.Options()
        options.step = p.sliceStep(sliceMM: volume.voxelSize.z)
        if let quality = try input.earlier["quality"]?.details?.decode(ScanQualityDetails.self),
           let first = quality.windingBodySlices.first, let last = quality.windingBodySlices.last {
            (options.first, options.last) = (first, last)
        }
        options.winding.pixelSizeMM = volume.voxelSize.inPlane
        let canLevel = try p.canSeparationLevel(volume)
        let last = min(options.last ?? volume.shape.depth - 1, volume.shape.depth - 1)
        options.segmentation = WindingSegmentation.Options(
            canThreshold: .fixed(canLevel),
            electrodeThreshold: try p.electrodeThreshold.map { .fixed(Float($0)) }
                ?? WindingSegmentation.scanLevel(slice: (options.first + last) / 2, of: volume, canThreshold: canLevel))
        // An automatic can level takes the can alone only where some level lies between
        // the electrodes and the steel: bright specks inside the can's hole above it
        // (foils that clip with the steel) are layer, not can.
        if p.canThreshold == nil { options.segmentation.canRemoval = .wall }
        // An opening that keeps the layers, at every voxel size (at 0.06 mm star(1) erases them).
        options.segmentation.openingFitsLayers = true
        var cell = try await WindingCellAnalysis(source: volume, options: options, centre: WindingCentreFinder.canEllipse)
        // An automatic level whose labels merged turns: the brighter family alone, where
        // it measures what the first could not.
        if p.electrodeThreshold == nil, Self.mergedTurns(cell.report),
           case .automatic(let level, _) = options.segmentation.electrodeThreshold,
           let inner = try WindingSegmentation.brighterClassLevel(slice: (options.first + last) / 2, of: volume,
                                                                  canThreshold: canLevel, above: level) {
            var retry = options
            retry.segmentation.electrodeThreshold = inner
            let second = try await WindingCellAnalysis(source: volume, options: retry, centre: WindingCentreFinder.canEllipse)
            if second.report.unmeasured.count < cell.report.unmeasured.count { (cell, options) = (second, retry) }
        }
        return try StageOutput(report: cell.report, artefacts: try images(of: cell.report.details, volume, options))
    }

    /// Whether the cell's winding metrics are unmeasured because labels merged turns.
    static func mergedTurns(_ report: AnalysisReport<WindingDetails>) -> Bool {
        report.unmeasured.contains { $0.code == "winding.layers_merged" }
    }

    /// Heat map and overlay of the worst slice, re-unrolled (cheap: one slice).
    func images(of details: WindingDetails, _ volume: any SliceSource, _ options: WindingCellAnalysis.Options) throws -> [Artefact] {
        guard let index = details.worst?.slice ?? details.slice else { return [] }
        let image = try volume.slice(index)
        let seg = try WindingSegmentation(image: image, options: options.segmentation)
        let slice = try WindingSliceAnalysis(mask: seg.electrode, centre: details.centre, options: options.winding, slice: index)
        let scale = options.winding.buckleThresholdPx
        return [
            Artefact(name: "winding_heatmap.png",
                     caption: "Unrolled winding of slice \(index), coloured by deviation from each layer's fit",
                     content: .png(Data(try PNGWriter.encode(WindingImages.heatMap(slice.unrolled, scalePx: scale))))),
            Artefact(name: "winding_overlay.png", caption: "Layers on slice \(index)",
                     content: .png(Data(try PNGWriter.encode(WindingImages.overlay(slice.unrolled, on: image, scalePx: scale))))),
        ]
    }
}
