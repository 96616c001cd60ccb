import Foundation
import Imaging
import VolumeIO
import Analysis

/// The stages on the example data (`battery_xct_workflows`): each the call the
/// pipeline makes, with the settings of the reference notebooks.
enum ExampleStages {
    /// The example volume's voxel: 0.03397 mm in-plane, slices 2 × that apart.
    static let voxel = VoxelSize(x: 0.03397, y: 0.03397, z: 2 * 0.03397)
    static let names = ["read", "quality", "quality_tilt", "can_volume", "can_slice", "can_slice_20seeds", "winding", "winding_slice", "overhang"]

    static func run(_ name: String, data: String, repetitions: Int) async throws -> StageTiming {
        let volumePath = data + "/cell_vol"
        func timing(_ note: String, _ m: (wall: [Double], cpu: [Double], check: String)) -> StageTiming {
            StageTiming(name: name, group: "example", wallSeconds: m.wall, cpuSeconds: m.cpu,
                        peakRSSMiB: peakRSSMiB(), note: note, check: m.check)
        }
        switch name {
        case "read":
            let volume = try TIFFVolume.open(volumePath, voxelSize: voxel)
            return timing("libtiff decode of all \(volume.shape.depth) slices, in parallel (the I/O floor)",
                          try await measure(repetitions: repetitions) { try await readAll(volume) })
        case "quality":
            let volume = try TIFFVolume.open(volumePath, voxelSize: voxel)
            return timing("ScanQuality.analyze, every slice (read included)", try await measure(repetitions: repetitions) {
                let r = try await ScanQuality.analyze(volume, parameters: ScanQualityParameters(sliceStep: 1))
                return "slices \(r.details.slices.count), tilt \(r.details.tilt.map { String(format: "%.3f°", $0.tiltDeg) } ?? "–")"
            })
        case "quality_tilt":
            // The reference's tilt: every slice, level 100, the outline's centre per
            // slice, a line through the centres of the can ring slices.
            let volume = try TIFFVolume.open(volumePath, voxelSize: voxel)
            return timing("tilt only, as the reference: Silhouette.fit (level 100) on every slice + AxisTilt.fit (read included)",
                          try await measure(repetitions: repetitions) {
                let outlines = try await concurrentMap(Array(0..<volume.shape.depth)) { z in
                    (z, Silhouette.fit(try volume.slice(z), level: 100))
                }.compactMap { z, o in o.map { (z, $0) } }
                let radii = outlines.map(\.1.radius).sorted()
                let ring = outlines.filter { ScanQuality.isCanRing($0.1, medianRadius: radii[radii.count / 2]) }
                let tilt = AxisTilt.fit(slices: ring.map(\.0), centreRows: ring.map(\.1.centreRow), centreCols: ring.map(\.1.centreCol),
                                        pixelMM: voxel.inPlane, sliceMM: voxel.z)
                return "ring slices \(ring.count), tilt \(tilt.map { String(format: "%.3f°", $0.tiltDeg) } ?? "–")"
            })
        case "winding_slice":
            // As the notebooks on im_1: can > 61000, its RANSAC centre, classical
            // segmentation (electrode level: Otsu inside the can), unroll + fits.
            let image = try TIFFVolume.open(data + "/im_1.tif").slice(0)
            return timing("im_1 end to end: WindingSegmentation (can > 61000) + WindingCentreFinder.fromCan + WindingSliceAnalysis (slice in memory)",
                          try await measure(repetitions: repetitions) {
                let seg = try WindingSegmentation(image: image, options: .init(canThreshold: .fixed(61000), electrodeThreshold: .otsuInsideCan))
                let centre = try WindingCentreFinder.fromCan(seg.can)
                let r = try WindingSliceAnalysis(mask: seg.electrode, centre: centre)
                return "centre (\(centre.row), \(centre.col)), fitted layers \(r.report.details.fittedLayerCount)"
            })
        case "can_volume":
            let volume = try TIFFVolume.open(volumePath, voxelSize: voxel)
            return timing("CanVolumeAnalysis, threshold 100, all slices, 2 seeds per slice + 20 on the extremes (read included)",
                          try await measure(repetitions: repetitions) {
                let r = try await CanVolumeAnalysis(segmentation: .fixed(100)).run(volume)
                return "measured \(r.details.slices.count), skipped \(r.details.skipped.count)"
            })
        case "can_slice", "can_slice_20seeds":
            let seeds = name == "can_slice" ? 1 : 20
            let image = try TIFFVolume.open(volumePath, voxelSize: voxel).slice(74)   // im075
            var options = CanSliceOptions()
            options.seedCount = seeds
            return timing("CanSliceAnalysis on im075, threshold 100, \(seeds) RANSAC seed(s) (slice in memory)",
                          try await measure(repetitions: repetitions) {
                let r = try CanSliceAnalysis.analyze(image: image, segmentation: .fixed(100), pixelSizeMM: 0.03397,
                                                     options: options, sliceIndex: 74)
                return String(format: "OD %.4f mm, wall %.4f px", r.outerDiameterMM, r.thickness.meanPx)
            })
        case "winding":
            let mask = try TIFFVolume.open(data + "/mask_1.tif").slice(0).map { $0 > 0 }
            // The reference's centre for im_1 (RANSAC and LS agree: row 271, col 296).
            let centre = WindingCentre(row: 271, col: 296)
            return timing("WindingSliceAnalysis on mask_1 (unroll + fits + defects), centre (271, 296) given",
                          try await measure(repetitions: repetitions) {
                let r = try WindingSliceAnalysis(mask: mask, centre: centre)
                return "fitted layers \(r.report.details.fittedLayerCount)"
            })
        case "overhang":
            let volume = try TIFFVolume.open(volumePath, voxelSize: voxel)
            let axis = try canAxis(volume, slices: [59, 99])
            return timing("OverhangAnalysis, 5° sections over all slices (read included); axis from two LS can fits, untimed",
                          try await measure(repetitions: repetitions) {
                let r = try await OverhangAnalysis().run(volume, axis: axis, top: 0..<volume.shape.depth)
                return "sections \(r.sections.count), overhangs \(r.report.details.overhangs.count)"
            })
        default:
            throw BenchError.unknownStage(name)
        }
    }

    /// Decodes every slice once, in parallel. The checksum (one pixel in 997) keeps
    /// the result in use at a negligible cost: a sum over every pixel, a chain of
    /// dependent adds, took twice as long as the decode itself.
    static func readAll(_ volume: some SliceSource) async throws -> String {
        let sums = try await concurrentMap(Array(0..<volume.shape.depth)) { i in
            let pixels = try volume.slice(i).pixels
            return stride(from: 0, to: pixels.count, by: 997).reduce(0.0) { $0 + Double(pixels[$1]) }
        }
        return String(format: "slices %d, sum %.0f", sums.count, sums.reduce(0, +))
    }

    /// The cell axis through the least-squares can centres of two slices.
    static func canAxis(_ volume: some SliceSource, slices: [Int]) throws -> AxisLine {
        var options = CanSliceOptions()
        options.seedCount = 1
        let centres = try slices.map { i in
            try CanSliceAnalysis.analyze(image: volume.slice(i), segmentation: .fixed(100), pixelSizeMM: 0.03397,
                                         options: options).leastSquares.ellipse
        }
        return AxisLine(first: .init(x: centres[0].xc, y: centres[0].yc), atSlice: Double(slices[0]),
                        last: .init(x: centres[1].xc, y: centres[1].yc), atSlice: Double(slices[1]))
    }
}

enum BenchError: Error, CustomStringConvertible {
    case unknownStage(String)
    case childFailed(String, status: Int32, output: String)
    case usage(String)
    case unreadable(String)
    var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .unknownStage(let s): "unknown stage '\(s)'"
        case .childFailed(let s, let status, let out): "stage \(s) failed (exit \(status)):\n\(out)"
        case .usage(let s): s
        }
    }
}
