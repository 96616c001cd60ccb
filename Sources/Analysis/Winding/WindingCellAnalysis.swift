import Foundation
import Imaging

/// Winding quality of a whole cell: the slice analysis run on slices along the
/// axis (every `step`-th), concurrently, then aggregated.
///
/// Aggregation (over the slices that could be analysed):
/// - `winding.layer_count`: median of the per-slice fitted layer counts (lower median);
/// - `winding.rmse_mean_mm`: mean of the per-slice layer-mean RMSE;
/// - `winding.max_abs_error_mm`: the largest MaxAE of any layer in any slice;
/// - `winding.buckled_layer_count`: the largest per-slice count.
/// The details are the worst slice's (every layer), plus one summary line per slice.
public struct WindingCellAnalysis: Sendable {
    /// Finds the unrolling centre of a slice from its grey image and can mask.
    public typealias CentreFinder = @Sendable (_ slice: GrayImage, _ can: Mask) throws -> WindingCentre

    public struct Options: Sendable {
        public var winding = WindingOptions()
        public var segmentation = WindingSegmentation.Options()
        /// Analyse slices first, first + step, … ≤ last.
        public var step: Int = 10
        public var first: Int = 0
        public var last: Int? = nil
        /// Slices analysed at once (each holds one slice and its masks in memory).
        public var concurrency: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
        public init() {}
    }

    public enum Failure: Error, CustomStringConvertible {
        case noSliceAnalysed([String])
        public var description: String {
            switch self {
            case .noSliceAnalysed(let errors):
                "no slice could be analysed for winding: \(errors.first ?? "no slices in range") "
                    + "(check the thresholds and the slice range)"
            }
        }
    }

    public let report: AnalysisReport<WindingDetails>

    public init(source: some SliceSource, options: Options = Options(), centre: @escaping CentreFinder) async throws {
        let last = min(options.last ?? source.shape.depth - 1, source.shape.depth - 1)
        let indices = Array(stride(from: options.first, through: last, by: max(1, options.step)))
        // One angle table for all the slices (the offsets repeat from slice to slice).
        let angles = indices.count > 1 ? AngleTable(width: source.shape.width, height: source.shape.height) : nil
        // A slice that cannot be analysed is a failed result, not an abort: the others still count.
        let outcomes = try await concurrentMap(indices, maxConcurrent: options.concurrency) { index in
            Result { () throws -> (WindingDetails, [Measurement], Double) in
                let start = ContinuousClock.now
                let image = try source.slice(index)
                let seg = try WindingSegmentation(image: image, options: options.segmentation)
                let c = try centre(image, seg.can)
                let analysis = try WindingSliceAnalysis(mask: seg.electrode, centre: c, options: options.winding,
                                                        slice: index, segmentation: seg.summary, angles: angles,
                                                        keepsPixels: false)
                return (analysis.report.details, analysis.report.measurements, (ContinuousClock.now - start).seconds)
            }
        }
        let results = Dictionary(uniqueKeysWithValues: zip(indices, outcomes))
        report = try Self.aggregate(indices: indices, results: results, options: options.winding)
    }

    static func aggregate(indices: [Int], results: [Int: Result<(WindingDetails, [Measurement], Double), Error>],
                          options: WindingOptions) throws -> AnalysisReport<WindingDetails> {
        var summaries: [WindingDetails.SliceSummary] = []
        var analysed: [(details: WindingDetails, measurements: [Measurement])] = []
        var errors: [String] = []
        for index in indices {
            switch results[index]! {
            case .success(let (details, measurements, seconds)):
                analysed.append((details, measurements))
                let fitted = details.layers.filter(\.isFitted)
                summaries.append(.init(
                    slice: index, labelCount: details.labelCount, fittedLayerCount: details.fittedLayerCount,
                    rmseMeanPx: fitted.isEmpty ? nil : fitted.reduce(0) { $0 + $1.rmsePx! } / Double(fitted.count),
                    maxAbsErrorPx: details.worst?.maxAbsErrorPx, worstLayer: details.worst?.layer,
                    worstAngleDeg: details.worst?.angleDeg, buckledLayerCount: details.buckledLayers.count,
                    defectCount: details.defects.count, seconds: seconds, error: nil))
            case .failure(let error):
                errors.append("slice \(index): \(error)")
                summaries.append(.init(slice: index, labelCount: 0, fittedLayerCount: 0, rmseMeanPx: nil,
                                       maxAbsErrorPx: nil, worstLayer: nil, worstAngleDeg: nil, buckledLayerCount: 0,
                                       defectCount: 0, seconds: 0, error: "\(error)"))
            }
        }
        guard !analysed.isEmpty else { throw Failure.noSliceAnalysed(errors) }
        let worstSlice = analysed.max {
            ($0.details.worst?.maxAbsErrorPx ?? -1) < ($1.details.worst?.maxAbsErrorPx ?? -1)
        }!
        let ok = summaries.filter { $0.error == nil }
        let counts = ok.map(\.fittedLayerCount).sorted()
        let rmses = ok.compactMap(\.rmseMeanPx)
        let mm = options.pixelSizeMM
        var measurements = [Measurement(.windingLayerCount, Double(counts[(counts.count - 1) / 2]), unit: "count")]
        if !rmses.isEmpty {
            measurements.append(Measurement(.windingRMSEMean, rmses.reduce(0, +) / Double(rmses.count) * mm, unit: "mm"))
        }
        if let worst = worstSlice.details.worst {
            measurements.append(Measurement(.windingMaxAbsError, worst.maxAbsErrorPx * mm, unit: "mm"))
        }
        measurements.append(Measurement(.windingBuckledLayerCount,
                                        Double(ok.map(\.buckledLayerCount).max() ?? 0), unit: "count"))
        var details = worstSlice.details
        details.slices = summaries
        return AnalysisReport(measurements: measurements, details: details)
    }
}
