import Foundation
import Imaging
import VolumeIO
import Analysis

/// Small inputs for `valgrind --tool=callgrind` (Benchmarks/profile.sh): one run each,
/// no repetitions, the input read before the measured call.
enum ProfileStages {
    static func run(_ name: String, data: String) throws -> StageTiming {
        let volume = try TIFFVolume.open(data + "/cell_vol", voxelSize: ExampleStages.voxel)
        let m: (wall: [Double], cpu: [Double], check: String)
        switch name {
        case "can_slice":
            let image = try volume.slice(74)
            var options = CanSliceOptions()
            options.seedCount = 1
            m = try measureSync {
                let r = try CanSliceAnalysis.analyze(image: image, segmentation: .fixed(100), pixelSizeMM: 0.03397,
                                                     options: options, sliceIndex: 74)
                return String(format: "OD %.4f mm", r.outerDiameterMM)
            }
        case "quality":
            // The per-slice work of the gate (`ScanQuality.measureSlice`, what `analyze`
            // runs in parallel) on eight ring slices in memory (im071…im078), serially.
            let slices = try (70..<79).map { try volume.slice($0) }
            m = measureSync {
                let q = (0..<8).map { ScanQuality.measureSlice(slices[$0], index: 70 + $0, next: slices[$0 + 1], outlineLevel: nil) }
                return "slices \(q.count), cnr \(q.compactMap(\.cnr).count)"
            }
        case "can_per_slice":
            // Serial, 2 seeds as the volume analysis: CPU seconds of every slice on stderr.
            var options = CanSliceOptions()
            options.seedCount = 2
            m = try measureSync {
                var lines: [String] = []
                for i in 0..<volume.shape.depth {
                    let image = try volume.slice(i)
                    let c0 = processCPUSeconds()
                    let r = try? CanSliceAnalysis.analyze(image: image, segmentation: .fixed(100), pixelSizeMM: 0.03397,
                                                          options: options, sliceIndex: i)
                    lines.append(String(format: "slice %3d  %.4f cpu-s  %@", i, processCPUSeconds() - c0,
                                        r.map { "contours \($0.contourCount)" } ?? "skipped"))
                }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                return "slices \(lines.count)"
            }
        default:
            throw BenchError.unknownStage(name)
        }
        return StageTiming(name: name, group: "profile", wallSeconds: m.wall, cpuSeconds: m.cpu,
                           peakRSSMiB: peakRSSMiB(), note: "callgrind input", check: m.check)
    }
}
