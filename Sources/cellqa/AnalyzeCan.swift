import ArgumentParser
import Foundation
import Analysis
import Imaging
import VolumeIO

/// `cellqa analyze can PATH`: can geometry (the method's step 4) on one slice or on every
/// k-th slice of a cell.
struct AnalyzeCan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can",
        abstract: "Can diameters, wall thickness, ellipse, eccentricity and dents.",
        discussion: """
            PATH is a folder of TIFF slices, a multi-page TIFF or a single slice. With --slice the \
            reference's single-slice analysis is run (20 RANSAC seeds); otherwise every --step-th \
            slice, in parallel, aggregated over the cell. A 1-bit mask is analysed as is, its \
            polarity decided from the image (the wall is the side not touching the border).
            """)

    @Argument(help: "Scan folder, multi-page TIFF or one slice.") var path: String
    @Option(help: "Wall = grey value above T (the reference: 100 on the 8-bit example).") var threshold: Float?
    @Flag(help: "Wall = above the Otsu threshold of each slice (default when no --threshold).") var autoThreshold = false
    @Option(help: "In-plane pixel size, mm (default: from the file, else 1).") var pixelMm: Double?
    @Option(help: "Slice step, mm, for the axis tilt (default: the file's, else 2 × pixel as the example volume).") var sliceMm: Double?
    @Option(help: "Analyse only this slice (0-based).") var slice: Int?
    @Option(help: "Analyse every K-th slice.") var step = 1
    @Option(help: "RANSAC seeds per judged slice (uncertainty = std over them).") var seeds = 20
    @Option(help: "Dent profile per angular bin: mean or median.") var dentBin: DentAggregation = .mean
    @Option(help: "RANSAC trial limit.") var maxTrials = 2000
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Run the line's stage with this configuration, printing what `cellqa inspect --config` records for it (the other analysis options then do not apply).") var config: String?
    @Option(help: "Write a PNG overlay of the analysed slice (with --slice) or of the worst-dent slice.") var overlay: String?

    func validate() throws {
        if config != nil {
            let given: [(String, Bool)] = [("--threshold", threshold != nil), ("--auto-threshold", autoThreshold), ("--pixel-mm", pixelMm != nil),
                                           ("--slice-mm", sliceMm != nil), ("--slice", slice != nil), ("--step", step != 1),
                                           ("--seeds", seeds != 20), ("--dent-bin", dentBin != .mean),
                                           ("--max-trials", maxTrials != 2000), ("--overlay", overlay != nil)]
            try LineAnalysis.refuse(given.filter(\.1).map(\.0), stage: "can")
        }
        if threshold != nil && autoThreshold { throw ValidationError("give either --threshold or --auto-threshold, not both") }
        if step < 1 { throw ValidationError("--step must be at least 1") }
        if seeds < 0 { throw ValidationError("--seeds must be 0 (least squares only) or more") }
    }

    func run() async throws {
        if let config { return try await LineAnalysis.run(stage: "can", path: path, configPath: config, json: json) }
        let opened = try TIFFVolume.open(path)
        let px = pixelMm ?? (opened.voxelSizeOrigin == .unknown ? 1 : opened.voxelSize.x)
        let z = sliceMm ?? (opened.voxelSizeOrigin == .unknown ? 2 * px : opened.voxelSize.z)
        let volume = try TIFFVolume.open(path, voxelSize: VoxelSize(x: px, y: px, z: z))
        let segmentation: CanSegmentation = threshold.map { .fixed($0) } ?? (autoThreshold ? .otsu : .binaryOrOtsu)
        // One slice: the reference's rules exactly. A whole cell: the robust inner-contour rule,
        // since real slices carry bright specks that the reference's "smallest contour" would pick.
        let options = CanSliceOptions(dentAggregation: dentBin, ransacMaxTrials: maxTrials, seedCount: seeds,
                                      innerContour: slice == nil ? .largestHole : .smallest)
        let analysis = CanVolumeAnalysis(segmentation: segmentation, pixelSizeMM: px, options: options, step: step)
        let started = Date()
        let report = try await analysis.run(volume, slices: slice.map { [$0] })
        let seconds = Date().timeIntervalSince(started)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            printSummary(report, seconds: seconds)
        }
        if let file = overlay, let index = slice ?? report.details.extremes?.maxDentSlice {
            let image = try volume.slice(index)
            let (single, wall) = try CanSliceAnalysis.measured(
                image: image, segmentation: segmentation, pixelSizeMM: px,
                options: CanSliceOptions(dentAggregation: dentBin, ransacMaxTrials: maxTrials, seedCount: 1,
                                         innerContour: options.innerContour),
                sliceIndex: index)
            try PNGWriter.write(CanOverlay.render(image: image, wall: wall, result: single), to: file)
        }
    }

    func printSummary(_ report: AnalysisReport<CanDetails>, seconds: Double) {
        for m in report.measurements {
            let u = m.uncertainty.map { String(format: " ± %.5f", $0) } ?? ""
            print("\(m.id.rawValue)\t\(String(format: "%.5f", m.value))\(u)\t\(m.unit)")
        }
        let d = report.details
        if let e = d.extremes {
            print(String(format: "thinnest wall %.4f mm on slice %d at %.1f°; deepest dent %.4f mm on slice %d at %.1f°",
                         e.minWallThicknessMM, e.minWallThicknessSlice, e.minWallThicknessAngle * 180 / Double.pi,
                         e.maxDentMM, e.maxDentSlice, e.maxDentAngle * 180 / Double.pi))
        }
        if let a = d.axis {
            print(String(format: "can axis tilt %.3f° ± %.3f° (azimuth %.1f°) over %d slices", a.tiltDegrees, a.tiltStdDegrees,
                         a.azimuthDegrees, a.slices))
        }
        for s in d.slices where s.polarity != nil {
            print("slice \(s.sliceIndex ?? 0): binary mask, polarity \(s.polarity!.description)")
        }
        if !d.skipped.isEmpty { print("skipped \(d.skipped.count) slice(s), e.g. \(d.skipped[0].slice): \(d.skipped[0].reason)") }
        print(String(format: "%d slice(s) in %.3f s", d.slices.count, seconds))
    }
}

extension DentAggregation: ExpressibleByArgument {}
