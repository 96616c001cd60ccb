import Foundation
import Inspection

/// Writes `results/<yyyy-mm-dd>/<scan-id>/` with `record.json`, `measurements.csv`,
/// every artefact (PNG/SVG) and `report.html`, atomically (see `AtomicDirectory`):
/// a re-inspection of the same scan replaces the whole folder.
public struct ResultsFolderSink: ResultSink {
    public let root: URL
    public var name: String { "results folder" }

    public init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
    }

    /// Where the outcome of `record` is (or will be) written.
    public func folder(for record: InspectionRecord) -> URL {
        root.appendingPathComponent(record.day, isDirectory: true).appendingPathComponent(record.scan.id, isDirectory: true)
    }

    public func write(_ outcome: InspectionOutcome) async throws {
        try AtomicDirectory.publish(try Self.files(for: outcome), at: folder(for: outcome.record))
    }

    /// The folder's files, by name.
    public static func files(for outcome: InspectionOutcome) throws -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [
            ("record.json", try outcome.record.jsonData()),
            ("measurements.csv", Data(MeasurementsCSV.text(for: outcome.record).utf8)),
        ]
        for artefact in outcome.artefacts { files.append((artefact.name, artefact.data)) }
        files.append(("report.html", Data(ScanReportPage(outcome: outcome).html().utf8)))
        return files
    }

    /// Reads back a record written by this sink.
    public static func readRecord(in folder: URL) throws -> InspectionRecord {
        try InspectionRecord.decode(from: Data(contentsOf: folder.appendingPathComponent("record.json")))
    }
}
