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

    @Test("a re-judgement keeps the earlier one: its own folder and row; the same outcome twice is stored once")
    func everyJudgementKept() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let first = try await failOutcome(dir)
        let sink = ResultsFolderSink(root: dir.file("results"))
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        for _ in 0..<2 {
            for s in [sink as any ResultSink, SQLiteSink(store: store)] { try await s.write(first) }
        }
        let fingerprint = try #require(first.record.fingerprint)
        #expect(try await store.hasRecord(scanID: "SN200_18650", fingerprint: fingerprint))
        #expect(try await !store.hasRecord(scanID: "SN200_18650", fingerprint: String(repeating: "0", count: 64)))
        let day = dir.file("results/2026-11-18")
        #expect(try FileManager.default.contentsOfDirectory(atPath: day) == ["SN200_18650"])
        #expect(try await store.judgements(scanID: "SN200_18650").count == 1)

        var second = first
        second.record.verdict = .pass
        second.record.reasons = []
        second.artefacts = []
        second.record.artefacts = []
        second.record.inspectedAt = first.record.inspectedAt.addingTimeInterval(60)
        for s in [sink as any ResultSink, SQLiteSink(store: store)] { try await s.write(second) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: day).sorted() == ["SN200_18650", "SN200_18650--j2"])
        // The first judgement's folder is untouched, and says it was superseded.
        let firstFolder = URL(fileURLWithPath: day + "/SN200_18650")
        #expect(try ResultsFolderSink.readRecord(in: firstFolder) == first.record)
        #expect(try Data(contentsOf: firstFolder.appendingPathComponent("can_overlay.png")) == Fixtures.onePixelPNG)
        let marker = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: firstFolder.appendingPathComponent(ResultsFolderSink.supersededFile))) as? [String: String])
        #expect(marker["superseded_by"] == "2026-11-18/SN200_18650--j2")
        #expect(marker["current_verdict"] == "PASS")
        let secondFolder = sink.folder(for: second.record)
        #expect(secondFolder.lastPathComponent == "SN200_18650--j2")
        #expect(try ResultsFolderSink.readRecord(in: secondFolder).verdict == .pass)
        #expect(!FileManager.default.fileExists(atPath: secondFolder.appendingPathComponent(ResultsFolderSink.supersededFile).path))
        let current = sink.currentLink(scanID: "SN200_18650")
        #expect(try ResultsFolderSink.readRecord(in: current) == second.record)

        // Both judgements in the database, in order; the PASS is current.
        let history = try await store.judgements(scanID: "SN200_18650")
        #expect(history.map(\.record.verdict) == [.fail, .pass])
        #expect(history.map(\.sequence) == [1, 2])
        #expect(try await store.record(scanID: "SN200_18650")?.verdict == .pass)
        #expect(try await store.rows(ScanRow.history(serial: "SN200")).count == 1)

        // The first judgement written again (a retry) stays history: its folder, not the current link.
        try await sink.write(first)
        #expect(try ResultsFolderSink.readRecord(in: current) == second.record)
        #expect(FileManager.default.fileExists(atPath: firstFolder.appendingPathComponent(ResultsFolderSink.supersededFile).path))

        // A judgement on another day: the old day's folder is marked, the link moves.
        var third = second
        third.record.verdict = .fail
        third.record.inspectedAt = first.record.inspectedAt.addingTimeInterval(86_400)
        third.record.day = "2026-11-19"
        try await sink.write(third)
        #expect(sink.folder(for: third.record).path == dir.file("results/2026-11-19/SN200_18650"))
        #expect(try ResultsFolderSink.readRecord(in: current) == third.record)
        let marker2 = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: secondFolder.appendingPathComponent(ResultsFolderSink.supersededFile))) as? [String: String])
        #expect(marker2["superseded_by"] == "2026-11-19/SN200_18650")
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
