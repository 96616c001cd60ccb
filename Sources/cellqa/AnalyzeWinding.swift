import Analysis
import ArgumentParser
import Foundation
import Imaging
import VolumeIO

/// `cellqa analyze winding PATH`: unroll the jelly roll and fit every layer (docs/method.md step 5).
struct AnalyzeWinding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winding",
        abstract: "Winding quality: unroll the jelly roll, fit every layer, find buckles.",
        discussion: """
        PATH is one axial slice, a multi-page TIFF or a folder of slices. A single
        slice (or --slice N) is analysed alone; a volume is analysed every --step
        slices and the worst slice reported. The centre is the RANSAC ellipse of the
        can (can threshold), truncated to integer pixels, as the reference. Without
        --mask the electrode is segmented classically (threshold, can removal,
        opening by star(1), small objects removed).
        """)

    @Argument(help: "Slice TIFF, multi-page TIFF or folder of slices.") var path: String
    @Option(help: "Electrode mask TIFF (non-zero = electrode) instead of segmenting.") var mask: String?
    @Option(help: "Can threshold (default: 61000 for 16-bit, 100 for 8-bit, as the reference).") var canThreshold: Float?
    @Option(help: "Electrode threshold (default: Otsu of the grey values inside the can).") var electrodeThreshold: Float?
    @Option(help: "Pixel size in mm (default: from the file, else 0.03397).") var pixelMm: Double?
    @Option(help: "Analyse only this slice (0-based).") var slice: Int?
    @Option(help: "Whole-cell runs: analyse every N-th slice.") var step: Int = 10
    @Option(help: "Buckle threshold: MaxAE above this (mm) marks a buckled layer.") var buckleMm: Double = 0.17
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Run the line's stage with this configuration, printing what `cellqa inspect --config` records for it (the other analysis options then do not apply).") var config: String?
    @Option(help: "Write the unrolled heat map (θ across, r up, colour = deviation) as PNG.") var heatmap: String?
    @Option(help: "Write the slice with layers coloured by deviation as PNG.") var overlay: String?

    func validate() throws {
        if config != nil {
            let given: [(String, Bool)] = [("--mask", mask != nil), ("--can-threshold", canThreshold != nil),
                                           ("--electrode-threshold", electrodeThreshold != nil), ("--pixel-mm", pixelMm != nil),
                                           ("--slice", slice != nil), ("--step", step != 10), ("--buckle-mm", buckleMm != 0.17),
                                           ("--heatmap", heatmap != nil), ("--overlay", overlay != nil)]
            try LineAnalysis.refuse(given.filter(\.1).map(\.0), stage: "winding")
        }
    }

    func run() async throws {
        if let config { return try await LineAnalysis.run(stage: "winding", path: path, configPath: config, json: json) }
        let volume = try TIFFVolume.open(path)
        var options = WindingCellAnalysis.Options()
        options.step = step
        options.winding.buckleThresholdMM = buckleMm
        options.winding.pixelSizeMM = pixelMm
            ?? (volume.voxelSizeOrigin == .unknown ? 0.03397 : volume.voxelSize.inPlane)
        options.segmentation.canThreshold = .fixed(canThreshold ?? (volume.sampleFormat == .uint16 ? 61000 : 100))
        options.segmentation.electrodeThreshold = electrodeThreshold.map { .fixed($0) } ?? .otsuInsideCan

        let single = slice ?? (volume.shape.depth == 1 ? 0 : nil)
        let report: AnalysisReport<WindingDetails>
        let clock = ContinuousClock()
        let start = clock.now
        if let index = single {
            guard (0..<volume.shape.depth).contains(index) else {
                throw ValidationError("slice \(index) is outside 0…\(volume.shape.depth - 1)")
            }
            let (analysis, image) = try analyseSlice(volume, index, options)
            report = analysis.report
            try writeImages(analysis, image, options.winding)
        } else {
            guard mask == nil else { throw ValidationError("--mask needs a single slice: give --slice N") }
            let cell = try await WindingCellAnalysis(source: volume, options: options, centre: WindingCentreFinder.canEllipse)
            report = cell.report
            if heatmap != nil || overlay != nil, let worst = report.details.slice {
                let (analysis, image) = try analyseSlice(volume, worst, options)
                try writeImages(analysis, image, options.winding)
            }
        }
        let elapsed = clock.now - start

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.summary(report, elapsed: elapsed))
        }
    }

    private func analyseSlice(_ volume: TIFFVolume, _ index: Int, _ options: WindingCellAnalysis.Options) throws
        -> (WindingSliceAnalysis, GrayImage)
    {
        let image = try volume.slice(index)
        let segmentation = try WindingSegmentation(image: image, options: options.segmentation)
        let centre = try WindingCentreFinder.fromCan(segmentation.can)
        var electrode = segmentation.electrode
        var how = segmentation.summary
        if let mask {
            let m = try TIFFVolume.open(mask).slice(0)
            guard m.width == image.width, m.height == image.height else {
                throw ValidationError("mask is \(m.width)×\(m.height), the slice \(image.width)×\(image.height)")
            }
            electrode = m.map { $0 > 0 }
            how = "mask \(mask) (non-zero); centre from can > \(segmentation.canThreshold)"
        }
        let analysis = try WindingSliceAnalysis(mask: electrode, centre: centre, options: options.winding,
                                                slice: volume.shape.depth > 1 ? index : nil, segmentation: how)
        return (analysis, image)
    }

    private func writeImages(_ analysis: WindingSliceAnalysis, _ image: GrayImage, _ options: WindingOptions) throws {
        let scale = analysis.colourScalePx(options: options)
        if let heatmap { try PNGWriter.write(WindingImages.heatMap(analysis.unrolled, scalePx: scale), to: heatmap) }
        if let overlay { try PNGWriter.write(WindingImages.overlay(analysis.unrolled, on: image, scalePx: scale), to: overlay) }
    }

    static func summary(_ report: AnalysisReport<WindingDetails>, elapsed: Duration) -> String {
        let d = report.details
        var lines: [String] = []
        lines.append("winding: centre (row \(d.centre.row), col \(d.centre.col)), \(d.labelCount) labels, "
                     + "\(d.fittedLayerCount) fitted layers, pitch \(d.pitchPx.map { f($0) } ?? "–") px"
                     + (d.slice.map { ", worst slice \($0)" } ?? ""))
        if let s = d.segmentation { lines.append("segmentation: \(s)") }
        for m in report.measurements { lines.append("  \(m.id.rawValue) = \(f(m.value, 4)) \(m.unit)") }
        lines.append("layer  rank  pixels  chunks  slope(px/°)  intercept  rmse_px  maxae_px")
        for l in d.layers {
            lines.append([String(l.index).padded(5), String(l.radiusRank).padded(5), String(l.pixelCount).padded(7),
                          String(l.chunks.count).padded(7), (l.slope.map { f($0, 5) } ?? "–").padded(12),
                          (l.intercept.map { f($0, 2) } ?? "–").padded(10), (l.rmsePx.map { f($0, 3) } ?? "–").padded(8),
                          (l.maxAbsErrorPx.map { f($0, 3) } ?? "–").padded(9)].joined(separator: " "))
        }
        for defect in d.defects { lines.append("defect: layer \(defect.layer) \(defect.kind.rawValue): \(defect.detail)") }
        if let w = d.worst {
            lines.append("worst: layer \(w.layer) (rank \(w.radiusRank)) MaxAE \(f(w.maxAbsErrorPx, 2)) px at \(f(w.angleDeg, 1))°"
                         + (w.slice.map { " in slice \($0)" } ?? ""))
        }
        if let slices = d.slices {
            lines.append("slices analysed: \(slices.count), failed: \(slices.filter { $0.error != nil }.count)")
        }
        lines.append("time: \(f(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, 3)) s")
        return lines.joined(separator: "\n")
    }
}

private func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

private extension String {
    func padded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
