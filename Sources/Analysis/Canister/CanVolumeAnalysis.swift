import Foundation
import Imaging

/// Can geometry of a whole cell: `CanSliceAnalysis` on every `step`-th axial slice,
/// concurrently, then aggregated (docs/method.md step 4 per slice; the aggregation is ours).
///
/// - Slices run through `concurrentMap` with at most `maxConcurrency` slices in flight, each
///   read from the `SliceSource` inside its task, so memory stays bounded by a few slices.
/// - Every slice uses `volumeSeedCount` RANSAC seeds (cheap); the slices holding the
///   largest dent and the largest eccentricity are then re-run with
///   `options.seedCount` seeds so the judged extremes carry their full seed spread.
/// - A slice without a measurable ring (cap region, no wall above threshold) is recorded
///   in `skipped` with the reason; a slice that cannot be read throws.
///
/// Measurements (all in mm unless noted):
/// - `can.outer_diameter_mm`, `can.inner_diameter_mm`: mean over slices of the
///   area-equivalent diameters;
/// - `can.wall_thickness_mean_mm` / `_std_mm`: mean and population std over all
///   inner-wall samples of all slices (pooled); `_min_mm` / `_max_mm`: extremes over slices;
/// - `can.ellipse_major_mm` / `_minor_mm`: FULL axes 2·A and 2·B (like a diameter), mean
///   over slices of the per-slice seed means; uncertainty = RMS of the per-slice seed stds;
/// - `can.eccentricity` (unit "1") and `can.max_dent_mm`: the worst slice (largest value),
///   its seed mean, uncertainty = that slice's seed std.
public struct CanVolumeAnalysis: Sendable {
    public var segmentation: CanSegmentation
    /// In-plane pixel size; nil = the source's `voxelSize.inPlane`.
    public var pixelSizeMM: Double?
    public var options: CanSliceOptions
    public var step: Int
    public var volumeSeedCount: Int
    public var maxConcurrency: Int

    /// The default options take the inner wall by `InnerContourRule.largestHole`: a whole
    /// cell has cap and tab slices and specks inside the can that the reference's
    /// single-slice rule would mistake for the inner wall.
    public init(segmentation: CanSegmentation, pixelSizeMM: Double? = nil,
                options: CanSliceOptions = CanSliceOptions(innerContour: .largestHole),
                step: Int = 1, volumeSeedCount: Int = 2,
                maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.segmentation = segmentation
        self.pixelSizeMM = pixelSizeMM
        self.options = options
        self.step = max(1, step)
        self.volumeSeedCount = volumeSeedCount
        self.maxConcurrency = max(1, maxConcurrency)
    }

    public enum Failure: Error, CustomStringConvertible {
        case noMeasurableSlice(tried: Int, firstReason: String)
        case sliceOutOfRange(Int, depth: Int)
        public var description: String {
            switch self {
            case .noMeasurableSlice(let n, let reason):
                "none of the \(n) slices analysed shows a closed can wall (first reason: \(reason)); check the threshold and pixel size"
            case .sliceOutOfRange(let i, let depth):
                "slice \(i) does not exist: the volume has \(depth) slices (0…\(depth - 1))"
            }
        }
    }

    /// Analyses slices `0, step, 2·step, …` of `source`, or exactly `slices` when given.
    public func run(_ source: some SliceSource, slices requested: [Int]? = nil) async throws -> AnalysisReport<CanDetails> {
        let depth = source.shape.depth
        let indices = requested ?? Array(stride(from: 0, to: depth, by: step))
        for i in indices where i < 0 || i >= depth { throw Failure.sliceOutOfRange(i, depth: depth) }
        let px = pixelSizeMM ?? source.voxelSize.inPlane
        var quick = options
        quick.seedCount = requested?.count == 1 ? options.seedCount : min(options.seedCount, volumeSeedCount)
        var outcomes = try await analyse(source, indices, px, quick)
        // Re-run the extreme slices with the full seed count for their uncertainty.
        if quick.seedCount < options.seedCount {
            let measured = outcomes.compactMap { $0.result }
            var worst = Set<Int>()
            if let d = measured.max(by: { $0.maxDentPx.mean < $1.maxDentPx.mean }), let i = d.sliceIndex { worst.insert(i) }
            if let e = measured.max(by: { $0.eccentricity.mean < $1.eccentricity.mean }), let i = e.sliceIndex { worst.insert(i) }
            for r in try await rerun(source, worst.sorted(), px) {
                if let k = outcomes.firstIndex(where: { $0.slice == r.slice }) { outcomes[k] = r }
            }
        }
        let results = outcomes.compactMap { $0.result }
        let skipped = outcomes.compactMap { o in o.failure.map { CanDetails.SkippedSlice(slice: o.slice, reason: $0) } }
        guard !results.isEmpty else {
            throw Failure.noMeasurableSlice(tried: outcomes.count, firstReason: skipped.first?.reason ?? "none")
        }
        let settings = CanDetails.Settings(segmentation: segmentation, pixelSizeMM: px, voxelSize: source.voxelSize,
                                           step: step, options: options, volumeSeedCount: quick.seedCount)
        return Self.report(results: results, skipped: skipped, settings: settings)
    }

    struct Outcome: Sendable {
        var slice: Int
        var result: CanSliceResult?
        var failure: String?
    }

    /// One slice read and measured; a slice that cannot be read throws, one without a
    /// measurable ring is an outcome with its reason.
    private static func outcome(_ source: some SliceSource, slice: Int, segmentation: CanSegmentation,
                                pixelSizeMM px: Double, options: CanSliceOptions) throws -> Outcome {
        let image = try source.slice(slice)
        do {
            let r = try CanSliceAnalysis.analyze(image: image, segmentation: segmentation, pixelSizeMM: px,
                                                 options: options, sliceIndex: slice)
            return Outcome(slice: slice, result: r, failure: nil)
        } catch {
            return Outcome(slice: slice, result: nil, failure: String(describing: error))
        }
    }

    private func analyse(_ source: some SliceSource, _ indices: [Int], _ px: Double,
                         _ opts: CanSliceOptions) async throws -> [Outcome] {
        let segmentation = self.segmentation
        let outcomes = try await concurrentMap(indices, maxConcurrent: maxConcurrency) { index in
            try Self.outcome(source, slice: index, segmentation: segmentation, pixelSizeMM: px, options: opts)
        }
        return outcomes.sorted { $0.slice < $1.slice }
    }

    /// The extreme slices again with `options.seedCount` seeds, the seeds split into
    /// `maxConcurrency` consecutive ranges run side by side (one slice alone would
    /// otherwise keep one core busy), then merged: the same result as one run.
    private func rerun(_ source: some SliceSource, _ slices: [Int], _ px: Double) async throws -> [Outcome] {
        let parts = max(1, min(maxConcurrency, options.seedCount))
        let ranges = (0..<parts).map { k in
            (k * options.seedCount / parts)..<((k + 1) * options.seedCount / parts)
        }
        let jobs = slices.flatMap { slice in ranges.map { (slice: slice, seeds: $0) } }
        let segmentation = self.segmentation, full = self.options
        let results = try await concurrentMap(Array(jobs.indices), maxConcurrent: maxConcurrency) { j -> Outcome in
            let job = jobs[j]
            var o = full
            o.baseSeed = full.baseSeed &+ UInt64(job.seeds.lowerBound)
            o.seedCount = job.seeds.count
            return try Self.outcome(source, slice: job.slice, segmentation: segmentation, pixelSizeMM: px, options: o)
        }
        return slices.enumerated().map { i, slice in
            let pieces = results[(i * parts)..<((i + 1) * parts)]
            if let failed = pieces.first(where: { $0.result == nil }) { return failed }
            return Outcome(slice: slice, result: CanSliceResult(merging: pieces.map { $0.result! }), failure: nil)
        }
    }

    /// The half-height edge thickness over the slices (px): ray-weighted mean and
    /// pooled SD, the thinnest and thickest smoothed ray; nil for the reference
    /// definition or when a slice has no edge measure (mask input).
    static func judgedWall(_ results: [CanSliceResult], definition: CanSliceOptions.WallDefinition)
        -> (mean: Double, min: Double, max: Double, std: Double)?
    {
        guard definition == .edges else { return nil }
        let edges = results.compactMap(\.edgeThickness)
        guard edges.count == results.count, !edges.isEmpty else { return nil }
        let rays = Double(edges.reduce(0) { $0 + $1.rays })
        let mean = edges.reduce(0.0) { $0 + $1.meanPx * Double($1.rays) } / rays
        let variance = edges.reduce(0.0) {
            $0 + Double($1.rays) * ($1.stdPx * $1.stdPx + ($1.meanPx - mean) * ($1.meanPx - mean))
        } / rays
        return (mean, edges.map(\.minPx).min()!, edges.map(\.maxPx).max()!, variance.squareRoot())
    }

    /// Aggregates per-slice results into the judged measurements and details.
    public static func report(results: [CanSliceResult], skipped: [CanDetails.SkippedSlice],
                              settings: CanDetails.Settings) -> AnalysisReport<CanDetails> {
        let px = settings.pixelSizeMM
        let n = Double(results.count)
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        // Pooled thickness over all inner-wall samples.
        let total = results.reduce(0) { $0 + $1.thickness.count }
        let pooledMean = results.reduce(0.0) { $0 + $1.thickness.meanPx * Double($1.thickness.count) } / Double(total)
        let pooledVar = results.reduce(0.0) {
            let t = $1.thickness
            return $0 + Double(t.count) * (t.stdPx * t.stdPx + (t.meanPx - pooledMean) * (t.meanPx - pooledMean))
        } / Double(total)
        let thinnest = results.min { $0.thickness.minPx < $1.thickness.minPx }!
        let thickest = results.max { $0.thickness.maxPx < $1.thickness.maxPx }!
        let wall = judgedWall(results, definition: settings.options.wallDefinition)
            ?? (mean: pooledMean, min: thinnest.thickness.minPx, max: thickest.thickness.maxPx, std: pooledVar.squareRoot())
        let dented = results.max { $0.maxDentPx.mean < $1.maxDentPx.mean }!
        let oval = results.max { $0.eccentricity.mean < $1.eccentricity.mean }!
        let rms = { (v: [Double]) in (v.reduce(0) { $0 + $1 * $1 } / n).squareRoot() }
        let measurements = [
            Measurement(.canOuterDiameter, mean(results.map(\.outerDiameterPx)) * px, unit: "mm"),
            Measurement(.canInnerDiameter, mean(results.map(\.innerDiameterPx)) * px, unit: "mm"),
            Measurement(.canWallThicknessMean, wall.mean * px, unit: "mm"),
            Measurement(.canWallThicknessMin, wall.min * px, unit: "mm"),
            Measurement(.canWallThicknessMax, wall.max * px, unit: "mm"),
            Measurement(.canWallThicknessStd, wall.std * px, unit: "mm"),
            Measurement(.canEllipseMajor, 2 * mean(results.map(\.semiMajorPx.mean)) * px, unit: "mm",
                        uncertainty: 2 * rms(results.map(\.semiMajorPx.std)) * px),
            Measurement(.canEllipseMinor, 2 * mean(results.map(\.semiMinorPx.mean)) * px, unit: "mm",
                        uncertainty: 2 * rms(results.map(\.semiMinorPx.std)) * px),
            Measurement(.canEccentricity, oval.eccentricity.mean, unit: "1", uncertainty: oval.eccentricity.std),
            Measurement(.canMaxDent, dented.maxDentPx.mean * px, unit: "mm", uncertainty: dented.maxDentPx.std * px),
        ]
        let extremes = CanDetails.Extremes(
            minWallThicknessMM: thinnest.thickness.minPx * px, minWallThicknessSlice: thinnest.sliceIndex ?? 0,
            minWallThicknessAngle: thinnest.thinnestAngle,
            maxDentMM: dented.maxDentPx.mean * px, maxDentSlice: dented.sliceIndex ?? 0,
            maxDentAngle: dented.dentProfile.maxDentAngle,
            maxEccentricity: oval.eccentricity.mean, maxEccentricitySlice: oval.sliceIndex ?? 0)
        let profile = CanDetails.AxialProfile(
            outerDiameterMM: .init(results.map { $0.outerDiameterPx * px }),
            innerDiameterMM: .init(results.map { $0.innerDiameterPx * px }),
            eccentricity: .init(results.map(\.eccentricity.mean)),
            wallThicknessMeanMM: .init(results.map { $0.thickness.meanPx * px }))
        let axis = CanAxis(centres: results.map { ($0.sliceIndex ?? 0, $0.centreX.mean, $0.centreY.mean) },
                           voxelSize: settings.voxelSize)
        let details = CanDetails(settings: settings, slices: results, skipped: skipped, extremes: extremes,
                                 profile: profile, axis: axis)
        return AnalysisReport(measurements: measurements, details: details)
    }
}
