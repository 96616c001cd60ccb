import Analysis
import Foundation
import Inspection

/// Runs the production inspection on every scan of a lot written by
/// ``LotWriter``, one scan at a time (each uses every core for its slices), and
/// keeps each record in `OUT/records/<id>.json`. Nothing is written to the
/// line's results folder or database.
public struct LotValidation: Sendable {
    public var inspector: any Inspector
    /// The configuration in force: the expected verdicts are judged against it.
    public var tolerances: [String: ToleranceTable]
    public var quality: QualityThresholds

    public init(inspector: any Inspector, tolerances: [String: ToleranceTable], quality: QualityThresholds) {
        self.inspector = inspector
        self.tolerances = tolerances
        self.quality = quality
    }

    public enum Failure: Error, CustomStringConvertible {
        case notALot(String)
        case unreadableTruth(String, String)
        public var description: String {
            switch self {
            case let .notALot(path):
                "\(path) is not a validation lot (no lot.json): write one with `cellqa phantom --lot N \(path)`"
            case let .unreadableTruth(path, why):
                "truth file \(path) cannot be read (\(why)): regenerate the lot"
            }
        }
    }

    /// Inspects the lot; `progress(done, total, observation)` after each scan.
    public func run(lot folder: String, records out: String?,
                    progress: @Sendable (Int, Int, LotObservation) -> Void = { _, _, _ in }) async throws -> [LotObservation] {
        let root = URL(fileURLWithPath: folder)
        let manifestURL = root.appendingPathComponent("lot.json")
        guard let data = try? Data(contentsOf: manifestURL),
              let manifest = try? JSONDecoder().decode(LotManifestFile.self, from: data) else {
            throw Failure.notALot(folder)
        }
        if let out { try FileManager.default.createDirectory(atPath: out + "/records", withIntermediateDirectories: true) }
        var observations: [LotObservation] = []
        for (n, id) in manifest.cells.enumerated() {
            let truthPath = root.appendingPathComponent("truth/\(id).json").path
            let truth: LotTruthFile
            do {
                truth = try JSONDecoder().decode(LotTruthFile.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
            } catch {
                throw Failure.unreadableTruth(truthPath, String(describing: error))
            }
            let outcome = await inspector.inspect(path: root.appendingPathComponent("scans/\(id)").path)
            if let out {
                try outcome.record.jsonData().write(to: URL(fileURLWithPath: "\(out)/records/\(id).json"), options: .atomic)
            }
            let observation = LotObservation(truth: truth, record: outcome.record, tables: tolerances, quality: quality)
            observations.append(observation)
            progress(n + 1, manifest.cells.count, observation)
        }
        return observations
    }

    /// The part of `lot.json` the validation needs.
    struct LotManifestFile: Decodable {
        var cells: [String]
    }
}
