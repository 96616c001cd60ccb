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
    @Option(help: "Write histograms (SVG) and section overlays here.") var overlays: String?
    @OptionGroup var network: ModelOptions

    func run() async throws {
        let segmenter = try network.segmenter()  // a bad model fails before the scan is read
        let voxel = VoxelSize(x: pixelMm, y: pixelMm, z: sliceMm ?? 2 * pixelMm)
        let volume = try TIFFVolume.open(path, voxelSize: voxel)
        let depth = volume.shape.depth
        let line = try axis != nil ? parseAxis(depth: depth) : RingCentre.axis(of: volume)
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

/// Provisional cell axis until the can analysis lands: on the first and last
/// slice, the midpoint of the outermost bright pixels (above the midway grey
/// level) of every row and column that crosses the can, medians.
enum RingCentre {
    static func axis(of volume: some SliceSource) throws -> AxisLine {
        let last = volume.shape.depth - 1
        let upper = last * 3 / 4   // below the cap and crimp of a roll-top scan
        return AxisLine(first: try centre(volume.slice(upper)), atSlice: Double(upper),
                        last: try centre(volume.slice(last)), atSlice: Double(last))
    }

    static func centre(_ image: GrayImage) -> AxisLine.Point {
        let level = ((image.pixels.max() ?? 0) + (image.pixels.min() ?? 0)) / 2
        var xs: [Double] = [], ys: [Double] = []
        for r in 0..<image.height {
            let cols = (0..<image.width).filter { image[r, $0] > level }
            if let a = cols.first, let b = cols.last, b - a > image.width / 4 { xs.append(Double(a + b) / 2) }
        }
        for c in 0..<image.width {
            let rows = (0..<image.height).filter { image[$0, c] > level }
            if let a = rows.first, let b = rows.last, b - a > image.height / 4 { ys.append(Double(a + b) / 2) }
        }
        func median(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.sorted()[v.count / 2] }
        return AxisLine.Point(x: xs.isEmpty ? Double(image.width) / 2 : median(xs),
                              y: ys.isEmpty ? Double(image.height) / 2 : median(ys))
    }
}

