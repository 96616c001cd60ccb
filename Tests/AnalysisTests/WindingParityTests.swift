import Analysis
import CellQATestKit
import Foundation
import Imaging
import Testing
import VolumeIO

/// Parity with the reference (scikit-image 0.26 / NumPy 2.4, `virtual_unroll` +
/// `add_linear_fit_errors` semantics, docs/method.md step 5) on the example slice
/// `im_1.tif` with its mask `mask_1.tif`, can threshold 61000.
@Suite(SharedData.required) struct WindingParityTests {
    /// Reference per layer (reversed-label numbering): pixels, RMSE px, MaxAE px.
    /// Computed with scikit-image 0.26.0, NumPy 2.4.6, SciPy 1.17.1: centre from the
    /// RANSAC ellipse of `im_1 > 61000` (the same (271, 296) for 10 seeds and for the
    /// plain least-squares ellipse), `label(connectivity=2)`, `np.array_split`,
    /// `np.polyfit(deg=1)`. Layer 1 is the 51-px sliver at the outer seam (no fit).
    static let reference: [(layer: Int, pixels: Int, rmse: Double?, maxAE: Double?)] = [
        (1, 51, nil, nil),
        (2, 712, 1.318875, 2.096297),
        (3, 1586, 1.230052, 2.857503),
        (4, 1983, 1.252126, 2.823227),
        (5, 2275, 1.202798, 2.695921),
        (6, 2581, 1.216023, 2.528472),
        (7, 2868, 1.190870, 2.522080),
        (8, 3137, 1.184291, 2.424563),
        (9, 3428, 1.164381, 2.349972),
        (10, 3770, 1.148469, 2.302721),
        (11, 4067, 1.151994, 2.302961),
        (12, 4338, 1.134359, 2.264455),
        (13, 4645, 1.124037, 2.252785),
        (14, 4963, 1.136703, 2.479776),
        (15, 5262, 1.128976, 2.411342),
        (16, 5571, 1.133431, 2.586498),
        (17, 5945, 1.129661, 2.506219),
        (18, 6236, 1.141904, 2.630763),
        (19, 6510, 1.164353, 2.516825),
        (20, 6427, 1.175520, 2.930282),
    ]

    static func load() throws -> (image: GrayImage, mask: Mask, segmentation: WindingSegmentation, centre: WindingCentre) {
        let image = try TIFFVolume.open(SharedData.path("im_1.tif")).slice(0)
        let mask = try TIFFVolume.open(SharedData.path("mask_1.tif")).slice(0).map { $0 > 0 }
        let segmentation = try WindingSegmentation(image: image, options: .init(
            canThreshold: .fixed(61000), electrodeThreshold: .otsuInsideCan))
        let centre = try WindingCentreFinder.fromCan(segmentation.can)
        return (image, mask, segmentation, centre)
    }

    @Test func centreIsTheReferenceCanEllipseCentre() throws {
        let (_, _, _, centre) = try Self.load()
        #expect(centre == WindingCentre(row: 271, col: 296))
    }

    @Test func layersMatchTheReferenceOnTheGivenMask() throws {
        let (_, mask, _, centre) = try Self.load()
        let analysis = try WindingSliceAnalysis(mask: mask, centre: centre)
        let layers = analysis.report.details.layers
        #expect(layers.count == Self.reference.count)
        for (ours, ref) in zip(layers, Self.reference) {
            #expect(ours.index == ref.layer)
            #expect(ours.pixelCount == ref.pixels, "layer \(ref.layer)")
            if let rmse = ref.rmse, let maxAE = ref.maxAE {
                let r = try #require(ours.rmsePx), m = try #require(ours.maxAbsErrorPx)
                #expect(abs(r - rmse) <= 0.05 * rmse, "layer \(ref.layer): RMSE \(r) vs \(rmse)")
                #expect(abs(m - maxAE) <= 0.5, "layer \(ref.layer): MaxAE \(m) vs \(maxAE)")
            } else {
                #expect(ours.rmsePx == nil)
            }
        }
        // The sliver is reported, not hidden; the radius order starts at layer 2.
        let details = analysis.report.details
        #expect(details.defects.map(\.layer) == [1])
        #expect(details.defects.first?.kind == .fragment)
        #expect(details.layerIndicesByRadius.first == 2 && details.layerIndicesByRadius.last == 1)
        #expect(details.fittedLayerCount == 19)
    }

    /// cellqa's own classical segmentation (Otsu inside the can) against the given
    /// mask: the layers it shares with the reference fit the same way.
    @Test func ownSegmentationAgreesOnTheInnerAndMiddleLayers() throws {
        let (_, mask, segmentation, centre) = try Self.load()
        let reference = try WindingSliceAnalysis(mask: mask, centre: centre).report.details.layers
        let ours = try WindingSliceAnalysis(mask: segmentation.electrode, centre: centre).report.details
        // Reference layers 3…16 (mean radius 64–199 px): a layer of ours within 1 px
        // mean radius whose MaxAE is within 0.5 px of the reference's (measured ≤ 0.31).
        for ref in reference where (3...16).contains(ref.index) {
            let match = ours.layers.filter(\.isFitted).min { abs($0.meanRadius - ref.meanRadius) < abs($1.meanRadius - ref.meanRadius) }
            let m = try #require(match)
            #expect(abs(m.meanRadius - ref.meanRadius) < 1, "layer \(ref.index): radius \(m.meanRadius) vs \(ref.meanRadius)")
            #expect(abs(m.maxAbsErrorPx! - ref.maxAbsErrorPx!) < 0.5, "layer \(ref.index)")
        }
        // Its outer turns have gaps (the outer electrode is darker): reported as split turns.
        #expect(ours.defects.contains { $0.kind == .splitTurn })
    }
}
