import Analysis
import Foundation
import Inspection
import Phantom

/// Writes a validation lot the way scanners export scans:
/// `LOT/scans/<id>/` (TIFF slices + `cellqa.json` sidecar with serial, format and
/// voxel size), `LOT/truth/<id>.json` (``LotTruthFile``, never inside a scan) and
/// `LOT/lot.json` (``LotManifest``).
public struct LotWriter: Sendable {
    public var seed: UInt64
    public var profile: LotSampler.Profile
    public var count: Int
    /// Re-scans of the first `rescannedCells` cells (independent noise, re-seated).
    public var rescans: Int
    public var rescannedCells: Int
    public var tolerances: [String: ToleranceTable]
    public var quality: QualityThresholds

    public init(seed: UInt64, profile: LotSampler.Profile = .full, count: Int, rescans: Int = 0, rescannedCells: Int = 20,
                tolerances: [String: ToleranceTable], quality: QualityThresholds) {
        self.seed = seed
        self.profile = profile
        self.count = count
        self.rescans = rescans
        self.rescannedCells = rescannedCells
        self.tolerances = tolerances
        self.quality = quality
    }

    /// Every scan of the lot, in order: cell `i`, then its re-scans.
    public func cells() -> [LotCell] {
        let sampler = LotSampler(seed: seed, profile: profile)
        var out: [LotCell] = []
        var rescanned = 0
        for i in 0..<count {
            let cell = sampler.cell(i)
            out.append(cell)
            // Re-scan measurable cells only: repeatability is a property of the gauge on scans it can measure.
            if rescans > 0, rescanned < rescannedCells, cell.defect.kind != .unmeasurable {
                rescanned += 1
                out += (1...rescans).map { sampler.rescan(of: cell, number: $0) }
            }
        }
        return out
    }

    public func expected(for cell: LotCell) -> [String: VerdictExpectation] {
        var out: [String: VerdictExpectation] = [:]
        for (format, table) in tolerances where format == cell.format {
            out[format] = VerdictExpectation(cell: cell, table: table, quality: quality)
        }
        return out
    }

    /// Writes the lot; `progress(done, total, id)` after each scan. `only`, when given, writes just
    /// the scans with those ids (a cell's re-scans are `ID-R1`…): the same pixels and truth as in
    /// the whole lot, since every cell is drawn from the seed and its index alone.
    public func write(to folder: String, only: Set<String>? = nil,
                      progress: @Sendable (Int, Int, String) -> Void = { _, _, _ in }) async throws {
        let root = URL(fileURLWithPath: folder)
        let fm = FileManager.default
        for sub in ["scans", "truth"] {
            try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let all = cells().filter { only?.contains($0.id) ?? true }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        for (n, cell) in all.enumerated() {
            let volume = try PhantomVolume(spec: cell.spec)
            try await PhantomWriter.write(volume, to: root.appendingPathComponent("scans/\(cell.id)").path,
                                          serial: cell.id, format: cell.format, writesTruth: false)
            let truth = LotTruthFile(cell: cell, expected: expected(for: cell))
            try encoder.encode(truth).write(to: root.appendingPathComponent("truth/\(cell.id).json"), options: .atomic)
            progress(n + 1, all.count, cell.id)
        }
        let manifest = LotManifest(seed: seed, count: count, rescans: rescans, cells: all.map(\.id),
                                   generator: "cellqa \(CellQAVersion.string) LotSampler")
        try encoder.encode(manifest).write(to: root.appendingPathComponent("lot.json"), options: .atomic)
    }
}
