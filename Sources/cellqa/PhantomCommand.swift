import ArgumentParser
import Foundation
import Imaging
import Phantom
import Validation

/// `cellqa phantom OUT`: a synthetic cell scan with its ground truth, the known
/// answer for tests, the demo and the benchmarks.
struct PhantomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Write a synthetic cell scan (TIFF slices + truth.json + cellqa.json sidecar).",
        discussion: """
            Starts from a preset and applies the options; --spec FILE starts from a full
            PhantomSpec JSON instead (the `spec` object of any truth.json).

            --lot N writes a validation lot instead: N cells drawn over formats, voxel
            sizes, bit depths, electrode polarity, scan quality and defects, as
            OUT/scans/<id>/, their truth and expected verdicts in OUT/truth/<id>.json,
            and OUT/lot.json; --rescans K adds K re-scans of each of the first 20
            measurable cells. Inspect it with `cellqa validate OUT`.
            """)

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case nominal, production
    }

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case tiff, nrrd, mhd
    }

    @Argument(help: "Output folder (or .tif file with --multipage, .nrrd/.mhd file with --write nrrd/mhd).") var out: String
    @Option(help: "Preset: nominal (320×320×48, 8-bit) or production (1000×1000×2000, 16-bit).") var preset: Preset = .nominal
    @Option(help: "Full PhantomSpec as JSON (overrides --preset).") var spec: String?
    @Option(help: "Noise seed.") var seed: UInt64?
    @Flag(help: "Write one multi-page TIFF instead of a folder of slices.") var multipage = false
    @Option(help: "File format: tiff (default), nrrd (one .nrrd, data attached) or mhd (MetaImage .mhd + .raw).")
    var write: Output = .tiff
    @Option(help: "Volume size WxHxD in voxels, e.g. 320x320x48.") var size: String?
    @Option(help: "Isotropic voxel size, mm.") var voxelMM: Double?
    @Option(help: "Can dent depth, mm (at --dent-angle).") var dentMM: Double?
    @Option(help: "Dent direction, degrees (0 = down the image).") var dentAngle: Double = 90
    @Option(help: "Can eccentricity.") var eccentricity: Double?
    @Option(help: "Tilt of the cell axis, degrees.") var tiltDeg: Double?
    @Option(help: "Cupping depth (fraction, e.g. 0.1).") var cupping: Double?
    @Option(help: "Noise sigma, 8-bit grey levels.") var noise: Double?
    @Option(help: "Buckle of the cathode in the given turns: AMPLITUDE_MM@TURN,TURN…, e.g. 0.3@2,3.") var buckle: String?
    @Option(help: "Anode overhang per turn, mm, comma-separated (negative = cathode beyond anode).") var overhangs: String?
    @Option(help: "Serial number written to the sidecar.") var serial = "PHANTOM-0001"
    @Option(help: "Cell format (tolerance table) written to the sidecar.") var format = "phantom"
    @Option(help: "Write a validation lot of N cells into OUT (see below).") var lot: Int?
    @Option(help: "With --lot: re-scans of each of the first 20 measurable cells.") var rescans = 0
    @Option(help: "With --lot: full (every format, 0.015–0.06 mm) or small (21700 at 0.035–0.045 mm, for tests).")
    var lotProfile: LotSampler.Profile = .full
    @Option(help: "With --lot: the configuration whose tolerance tables give the expected verdicts.") var config: String?
    @Option(help: "With --lot: write only these scans of the lot (comma-separated ids, e.g. C0010,C0011-R2).")
    var only: String?

    func run() async throws {
        if let lot { return try await writeLot(count: lot) }
        let volume = try PhantomVolume(spec: try makeSpec())
        let shape = volume.shape
        FileHandle.standardError.write(Data("writing \(shape) (\(volume.spec.bitDepth.bits)-bit) to \(out)\n".utf8))
        let progress = Progress(total: shape.depth)
        let layout: PhantomWriter.Layout = switch write {
        case .tiff: multipage ? .multiPage : .folder
        case .nrrd: .nrrd
        case .mhd: .metaImage
        }
        let written = try await PhantomWriter.write(volume, to: out, layout: layout,
                                                    serial: serial, format: format) { _ in progress.step() }
        print("scan:  \(written.scanPath)")
        print("truth: \(written.truthPath)")
    }

    func writeLot(count: Int) async throws {
        guard count > 0 else { throw ValidationError("--lot needs at least one cell") }
        let settings = try Settings.loadOrExit(configPath: config)
        let writer = LotWriter(seed: seed ?? 1, profile: lotProfile, count: count, rescans: rescans, tolerances: settings.tolerances,
                               quality: settings.configuration.quality)
        let selection = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        if let selection {
            let unknown = selection.subtracting(writer.cells().map(\.id))
            guard unknown.isEmpty else {
                throw ValidationError("--only names scans the lot does not hold: \(unknown.sorted().joined(separator: ", "))")
            }
        }
        let bar = ProgressBar(label: "writing lot")
        try await writer.write(to: out, only: selection) { done, total, id in bar.update(done, total, id) }
        print("lot:   \(out) (\(selection?.count ?? writer.cells().count) scans; truth in \(out)/truth)")
    }

    func makeSpec() throws -> PhantomSpec {
        var s: PhantomSpec
        if let spec {
            s = try JSONDecoder().decode(PhantomSpec.self, from: Data(contentsOf: URL(fileURLWithPath: spec)))
        } else {
            s = preset == .production ? .productionSize : .nominal
        }
        if let seed { s.seed = seed }
        if let size {
            let parts = size.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--size must be WxHxD, e.g. 320x320x48")
            }
            (s.width, s.height, s.depth) = (parts[0], parts[1], parts[2])
        }
        if let voxelMM { s.voxelSize = VoxelSize(isotropic: voxelMM) }
        if let dentMM { s = s.withDent(depth: dentMM, angleDegrees: dentAngle) }
        if let eccentricity { s = s.withEllipse(eccentricity: eccentricity) }
        if let tiltDeg { s = s.withTilt(degrees: tiltDeg) }
        if let cupping { s.quality.cupping = cupping }
        if let noise { s = s.withNoise(sigma: noise) }
        if let buckle {
            let parts = buckle.split(separator: "@")
            guard parts.count == 2, let amplitude = Double(parts[0]) else {
                throw ValidationError("--buckle must be AMPLITUDE_MM@TURN,TURN…, e.g. 0.3@2,3")
            }
            s = s.withBuckle(layers: parts[1].split(separator: ",").compactMap { Int($0) }, amplitude: amplitude, angleDegrees: 90)
        }
        if let overhangs {
            s.overhangs.anodeOverhangs = overhangs.split(separator: ",").compactMap { Double($0) }
        }
        return s
    }
}

extension LotSampler.Profile: ExpressibleByArgument {}

/// A progress bar on stderr for long runs of whole scans: redrawn in place on a
/// terminal, a line every 10 % otherwise (logs, CI).
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let interactive = isatty(2) != 0
    private let start = Date()
    private var lastDecile = -1
    private let lock = NSLock()

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int, _ note: String) {
        lock.lock(); defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let width = 30, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = "\(label) [\(bar)] \(done)/\(total) \(note)  \(Int(elapsed)) s, ~\(Int(remaining)) s left"
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (done == total ? "\n" : "")).utf8))
        } else {
            let decile = total > 0 ? 10 * done / total : 10
            if decile != lastDecile { lastDecile = decile; FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
    }
}

/// A one-line progress counter on stderr, for long writes and inspections.
final class Progress: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private let lock = NSLock()
    private let interactive = isatty(2) != 0

    init(total: Int) { self.total = total }

    func step() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard interactive, done == total || done % max(1, total / 100) == 0 else { return }
        FileHandle.standardError.write(Data("\r\(done)/\(total) slices".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
