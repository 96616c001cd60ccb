import ArgumentParser
import Foundation
import Analysis
import Imaging
import VolumeIO

/// `cellqa analyze overhang PATH`: electrode overhangs (the method's step 3).
struct AnalyzeOverhang: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overhang",
        abstract: "Electrode overhangs on angular sections through the cell axis.")

    @Argument(help: "Scan folder or multi-page TIFF.") var path: String
    @Option(help: "In-plane pixel size, mm.") var pixelMm = 0.03397
    @Option(help: "Slice step, mm (default: 2 × pixel, as the example volume).") var sliceMm: Double?
    @Option(help: "Angle step between sections, degrees.") var stepDeg = 5.0
    @Option(help: "Cell axis as 'x0,y0,x1,y1' (pixels on the first and last slice); default: can ring centres.") var axis: String?
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Run the line's stage with this configuration, printing what `cellqa inspect --config` records for it (the other analysis options then do not apply).") var config: String?
    @Option(help: "Write histograms (SVG) and section overlays here.") var overlays: String?
    @OptionGroup var network: ModelOptions

    func validate() throws {
        if config != nil {
            let given: [(String, Bool)] = [("--pixel-mm", pixelMm != 0.03397), ("--slice-mm", sliceMm != nil),
                                           ("--step-deg", stepDeg != 5.0), ("--axis", axis != nil), ("--overlays", overlays != nil),
                                           ("--model", network.model != nil)]
            try LineAnalysis.refuse(given.filter(\.1).map(\.0), stage: "overhang")
        }
    }

    func run() async throws {
        if let config { return try await LineAnalysis.run(stage: "overhang", path: path, configPath: config, json: json) }
        let segmenter = try network.segmenter()  // a bad model fails before the scan is read
        let voxel = VoxelSize(x: pixelMm, y: pixelMm, z: sliceMm ?? 2 * pixelMm)
        let volume = try TIFFVolume.open(path, voxelSize: voxel)
        let depth = volume.shape.depth
        let line = try axis != nil ? parseAxis(depth: depth) : await CanAxisEstimate.axis(of: volume)
        let started = Date()
        let result = try await OverhangAnalysis(angleStepDegrees: stepDeg, segmenter: segmenter).run(volume, axis: line, top: 0..<depth)
        let seconds = Date().timeIntervalSince(started)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result.report), as: UTF8.self))
        } else {
            for m in result.report.measurements { print("\(m.id.rawValue)\t\(m.value)\t\(m.unit)") }
            print(String(format: "(%.3f s)", seconds))
        }
        if let dir = overlays {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let regions = result.report.details.overhangs
            try OverhangHistogram.svg(regions.compactMap { (r: OverhangRegion) in r.deflectionDegrees }, title: "Overhang deflection", xLabel: "deflection (deg, + outward)")
                .write(toFile: dir + "/deflection.svg", atomically: true, encoding: .utf8)
            try OverhangHistogram.svg(regions.map { (r: OverhangRegion) in r.lengthMM }, bins: 10, title: "Overhang vertical length", xLabel: "length (mm)")
                .write(toFile: dir + "/length.svg", atomically: true, encoding: .utf8)
            for s in result.sections {
                try PNGWriter.write(OverhangOverlay.render(s), to: dir + String(format: "/%@_%05.1f.png", s.end.rawValue, s.section.angleDegrees))
            }
        }
    }

    func parseAxis(depth: Int) throws -> AxisLine {
        let v = axis!.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4 else { throw ValidationError("--axis needs 'x0,y0,x1,y1', e.g. --axis 366.5,379,366.5,379") }
        return AxisLine(first: .init(x: v[0], y: v[1]), atSlice: 0, last: .init(x: v[2], y: v[3]), atSlice: Double(depth - 1))
    }
}

/// The cell axis when none is given: the can analysis' axis (ellipse centres
/// against height) over every 10th slice at the automatic can level, as the
/// pipeline's can stage gives it to the overhang stage.
enum CanAxisEstimate {
    enum Failure: Error, CustomStringConvertible {
        case noAxis
        var description: String {
            "no cell axis: fewer than 3 slices show a closed can ring; give one with --axis x0,y0,x1,y1"
        }
    }

    static func axis(of volume: some SliceSource) async throws -> AxisLine {
        let depth = volume.shape.depth
        let level = try CanThreshold.automatic(middleSliceOf: volume)
        let analysis = CanVolumeAnalysis(segmentation: .fixed(level),
                                         options: CanSliceOptions(seedCount: 1, innerContour: .largestHole),
                                         step: max(1, depth / 10), volumeSeedCount: 1)
        guard let axis = try await analysis.run(volume).details.axis else { throw Failure.noAxis }
        return axis.line(voxelSize: volume.voxelSize, depth: depth)
    }
}
