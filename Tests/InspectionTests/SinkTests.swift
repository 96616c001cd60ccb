import Analysis
import CellQATestKit
import Foundation
import Inspection
import Reporting
import Store
import Testing

@Suite("Results folder and database agree")
struct SinkTests {
    /// A FAIL outcome with an uncertainty, an unjudged metric and a PNG artefact.
    func failOutcome(_ dir: TemporaryDirectory, serial: String = "SN200") async throws -> InspectionOutcome {
        let path = try Fixtures.scanFolder(in: dir, name: "\(serial)_18650", serial: serial)
        var measurements = Fixtures.replacing(.canOuterDiameter, with: 18.27, in: Fixtures.good18650)
        measurements.append(Measurement(.canWallThicknessStd, 0.0123, unit: "mm", uncertainty: 0.001))
        let artefact = Artefact(name: "can_overlay.png", caption: "can wall, fitted ellipse", content: .png(Fixtures.onePixelPNG))
        let inspector = try Fixtures.inspector(stages: [GivenStage(name: "can", measurements: measurements, artefacts: [artefact],
                                                                   details: .object(["slices": .array([.number(0), .number(10)])]))])
        return await inspector.inspect(path: path)
    }

    @Test("record.json, measurements.csv and the database rows hold the same numbers")
    func rowsEqualJSONEqualCSV() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let outcome = try await failOutcome(dir)
        #expect(outcome.record.verdict == .fail)
        // 18.27 against upper 18.2: out by 0.07 mm.
        #expect(outcome.record.reasons == ["can.outer_diameter_mm = 18.27 mm > upper 18.2 mm by 0.07 mm"])

        let sink = ResultsFolderSink(root: dir.file("results"))
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        try await sink.write(outcome)
        try await SQLiteSink(store: store).write(outcome)

        let folder = sink.folder(for: outcome.record)
        #expect(folder.path == dir.file("results/2026-11-18/SN200_18650"))
        let fromJSON = try ResultsFolderSink.readRecord(in: folder)
        #expect(fromJSON == outcome.record)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("can_overlay.png").path))
        #expect(try Data(contentsOf: folder.appendingPathComponent("can_overlay.png")) == Fixtures.onePixelPNG)

        let csv = MeasurementsCSV.parse(try String(contentsOf: folder.appendingPathComponent("measurements.csv"), encoding: .utf8))
        #expect(csv.first == MeasurementsCSV.header)
        let csvRows = Array(csv.dropFirst())

        let scanRows = try await store.rows(ScanRow.record(scanID: "SN200_18650"))
        #expect(scanRows.count == 1)
        let scanRow = try #require(scanRows.first)
        #expect(scanRow.verdict == "FAIL")
        #expect(scanRow.serial == "SN200")
        #expect(scanRow.reason == outcome.record.reasons.first)
        #expect(scanRow.day == "2026-11-18")
        #expect(try scanRow.record() == outcome.record)
        let dbRows = try await store.measurements(scanRowID: scanRow.id!)

        #expect(dbRows.count == 9)
        #expect(csvRows.count == 9)
        #expect(fromJSON.metrics.count == 9)
        for (index, j) in fromJSON.metrics.enumerated() {
            let db = dbRows[index], row = csvRows[index]
            #expect(db.metric == j.metric.rawValue && row[1] == j.metric.rawValue)
            #expect(db.value == j.value && Double(row[2]) == j.value)
            #expect(db.unit == j.unit && row[3] == j.unit)
            #expect(db.uncertainty == j.uncertainty && Double(row[4]) == j.uncertainty)
            #expect(db.lower == j.lower && Double(row[5]) == j.lower)
            #expect(db.upper == j.upper && Double(row[6]) == j.upper)
            #expect(db.pass == j.pass && row[8] == (j.pass.map { $0 ? "true" : "false" } ?? ""))
            #expect(db.nearLimit == j.nearLimit && row[9] == (j.nearLimit ? "true" : "false"))
        }
        let std = try #require(dbRows.first { $0.metric == "can.wall_thickness_std_mm" })
        #expect(std.value == 0.0123 && std.uncertainty == 0.001 && std.pass == nil)
    }

    @Test("re-inspecting a scan replaces its folder and its row; hasRecord follows the fingerprint")
    func replaceAndIdempotency() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let first = try await failOutcome(dir)
        let sink = ResultsFolderSink(root: dir.file("results"))
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        for s in [sink as any ResultSink, SQLiteSink(store: store)] { try await s.write(first) }
        let fingerprint = try #require(first.record.fingerprint)
        #expect(try await store.hasRecord(scanID: "SN200_18650", fingerprint: fingerprint))
        #expect(try await !store.hasRecord(scanID: "SN200_18650", fingerprint: String(repeating: "0", count: 64)))

        var second = first
        second.record.verdict = .pass
        second.record.reasons = []
        second.artefacts = []
        second.record.artefacts = []
        for s in [sink as any ResultSink, SQLiteSink(store: store)] { try await s.write(second) }
        let folder = sink.folder(for: second.record)
        #expect(try ResultsFolderSink.readRecord(in: folder).verdict == .pass)
        // The old overlay went with the old folder: nothing of the first write is left.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("can_overlay.png").path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(siblings == ["SN200_18650"])
        #expect(try await store.rows(ScanRow.history(serial: "SN200")).count == 1)
        #expect(try await store.record(scanID: "SN200_18650")?.verdict == .pass)
    }
}

@Suite("Atomic folder publication")
struct AtomicDirectoryTests {
    @Test("recover puts back a folder left aside by a crash between the two renames, and drops staging leftovers")
    func recoverAfterCrashBetweenRenames() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let destination = dir.url.appendingPathComponent("SN1")
        let aside = dir.url.appendingPathComponent(".SN1.old-1234")
        let staging = dir.url.appendingPathComponent(".SN1.tmp-5678")
        for folder in [aside, staging] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try Data("old".utf8).write(to: aside.appendingPathComponent("record.json"))
        try Data("half".utf8).write(to: staging.appendingPathComponent("record.json"))

        try AtomicDirectory.recover(destination)
        #expect(try String(contentsOf: destination.appendingPathComponent("record.json"), encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["SN1"])

        try AtomicDirectory.publish([("record.json", Data("new".utf8))], at: destination)
        #expect(try String(contentsOf: destination.appendingPathComponent("record.json"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["SN1"])
    }
}
