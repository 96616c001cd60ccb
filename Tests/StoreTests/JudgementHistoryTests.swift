import Analysis
import CellQATestKit
import Foundation
import GRDB
import Inspection
@testable import Store
import Testing

/// Issue 19 item 4: every judgement kept, append-only, the latest current.
@Suite("Judgement history")
struct JudgementHistoryTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000) // 2026-11-30

    /// A record of scan `id` with one can diameter judged against upper 18.2 mm.
    static func record(_ id: String = "C0001", serial: String = "SN1", fingerprint: String? = "f1",
                       diameter: Double, at seconds: Double = 0, day: String = "2026-11-30",
                       config: String = "config-a") -> InspectionRecord {
        let limit = ToleranceLimit(lower: 17.8, upper: 18.2)
        let judgement = MetricJudgement(measurement: Measurement(.canOuterDiameter, diameter, unit: "mm"), limit: limit, stage: "can")
        let pass = judgement.pass == true
        return InspectionRecord(
            scan: Scan(id: id, path: "/export/\(id)", metadata: ScanMetadata(cellFormat: "18650", serial: serial)),
            fingerprint: fingerprint, inspectedAt: t0.addingTimeInterval(seconds), day: day, configHash: config,
            toleranceFormat: "18650", toleranceHash: "t", verdict: pass ? .pass : .fail,
            reasons: pass ? [] : [Reason(code: judgement.metric.rawValue, text: judgement.failureDescription ?? "fail")], metrics: [judgement], stages: [], artefacts: [],
            totalSeconds: 1)
    }

    @Test("a PASS then a FAIL of one scan: both kept, in order, with their verdicts and causes; the FAIL is current")
    func twoJudgementsSurvive() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        let pass = Self.record(diameter: 18.0)
        let fail = Self.record(fingerprint: "f2", diameter: 18.3, at: 60)
        let first = try await store.save(pass)
        let second = try await store.save(fail)
        #expect(first.sequence == 1 && first.cause == .newContent && first.isNew)
        #expect(second.sequence == 2 && second.cause == .reExport && second.isNew)

        let history = try await store.judgements(scanID: "C0001")
        #expect(history.map(\.sequence) == [1, 2])
        #expect(history.map(\.record.verdict) == [.pass, .fail])
        #expect(history.map(\.cause) == [.newContent, .reExport])
        #expect(history.map(\.isCurrent) == [false, true])
        #expect(history[0].record == pass && history[1].record == fail)
        #expect(try await store.record(scanID: "C0001") == fail)
        #expect(try await store.judgements(serial: "SN1").map(\.record.verdict) == [.pass, .fail])
        // Each judgement keeps its own measurements.
        let rows = try await store.rows(InspectionRow.judgements(scanID: "C0001"))
        #expect(try await store.measurements(scanRowID: rows[0].id!).map(\.value) == [18.0])
        #expect(try await store.measurements(scanRowID: rows[1].id!).map(\.value) == [18.3])
        // The ledger follows the current judgement; the `scans` view holds it alone.
        #expect(try await store.hasRecord(scanID: "C0001", fingerprint: "f2"))
        #expect(try await !store.hasRecord(scanID: "C0001", fingerprint: "f1"))
        #expect(try await store.rows(ScanRow.record(scanID: "C0001")).map(\.verdict) == ["FAIL"])
        #expect(try await store.inspections(on: "2026-11-30").map(\.verdict) == [.fail])
    }

    @Test("a re-judgement on another day: each day's report keeps its own last judgement")
    func daysKeepTheirOwn() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        try await store.save(Self.record(diameter: 18.3))
        try await store.save(Self.record(fingerprint: "f2", diameter: 18.0, at: 86_400, day: "2026-12-01"))
        #expect(try await store.failures(on: "2026-11-30").map(\.verdict) == [.fail])
        #expect(try await store.inspections(on: "2026-12-01").map(\.verdict) == [.pass])
        #expect(try await store.failures(on: "2026-12-01").isEmpty)
        #expect(try await store.record(scanID: "C0001")?.verdict == .pass)
    }

    @Test("why: manual inspect, configuration change, unchanged repeat; one record stored twice is one judgement")
    func causes() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let store = try ScanStore(path: dir.file("cellqa.sqlite"))
        let first = Self.record(diameter: 18.0)
        try await store.save(first)
        let again = try await store.save(first)
        #expect(!again.isNew && again.sequence == 1)
        #expect(try await store.save(Self.record(diameter: 18.0, at: 10, config: "config-b")).cause == .configurationChange)
        #expect(try await store.save(Self.record(diameter: 18.0, at: 20, config: "config-b")).cause == .repeated)
        #expect(try await store.save(Self.record(diameter: 18.0, at: 30), origin: .manual).cause == .manual)
        let history = try await store.judgements(scanID: "C0001")
        #expect(history.map(\.sequence) == [1, 2, 3, 4])
        #expect(history.map(\.cause) == [.newContent, .configurationChange, .repeated, .manual])
        // A record without a fingerprint (files unreadable) stored twice is also one judgement.
        let unreadable = Self.record("C0009", fingerprint: nil, diameter: 18.0)
        #expect(try await store.save(unreadable).isNew)
        #expect(try await !store.save(unreadable).isNew)
        #expect(try await store.judgements(scanID: "C0009").count == 1)
        // Another scan has its own sequence.
        #expect(try await store.save(Self.record("C0002", diameter: 18.0)).sequence == 1)
    }

    @Test("the log is append-only: SQLite refuses to change or remove a judgement or a measurement")
    func appendOnly() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = dir.file("cellqa.sqlite")
        let store = try ScanStore(path: path)
        try await store.save(Self.record(diameter: 18.3))
        let queue = try DatabaseQueue(path: path)
        for sql in ["UPDATE inspections SET verdict = 'PASS'", "DELETE FROM inspections",
                    "UPDATE measurements SET value = 18.0", "DELETE FROM measurements"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
        }
        #expect(try await store.record(scanID: "C0001")?.verdict == .fail)
        #expect(try await store.rows(InspectionRow.judgements(scanID: "C0001")).count == 1)
    }

    @Test("migrating a database of the previous schema keeps its rows and measurements, as judgement 1")
    func migrationKeepsRows() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = dir.file("cellqa.sqlite")
        let old = [Self.record("C0001", diameter: 18.3), Self.record("C0002", serial: "SN2", fingerprint: nil, diameter: 18.0, at: 5)]
        do { // the schema as the previous release left it, filled as it filled it
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: Migrations.v1)
            try await queue.write { db in
                #expect(try db.tableExists("scans") && !db.tableExists("inspections"))
                for record in old {
                    try db.execute(sql: """
                        INSERT INTO scans (scan_id, serial, format, path, fingerprint, verdict, reason, inspected_at, day,
                                           cellqa_version, config_hash, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [record.scan.id, record.scan.metadata.serial, record.scan.metadata.cellFormat,
                                         record.scan.path, record.fingerprint, record.verdict.rawValue, record.reasons.first,
                                         record.inspectedAt, record.day, record.cellqaVersion, record.configHash,
                                         String(decoding: try record.jsonData(), as: UTF8.self)])
                    let rowID = db.lastInsertedRowID
                    for m in record.metrics {
                        try db.execute(sql: "INSERT INTO measurements (scan_row_id, metric, value, unit, near_limit) VALUES (?, ?, ?, ?, ?)",
                                       arguments: [rowID, m.metric.rawValue, m.value, m.unit, m.nearLimit])
                    }
                }
            }
        }
        let store = try ScanStore(path: path)
        for record in old {
            let history = try await store.judgements(scanID: record.scan.id)
            #expect(history.count == 1)
            #expect(history.first?.sequence == 1 && history.first?.cause == nil && history.first?.isCurrent == true)
            #expect(history.first?.record == record)
        }
        let rows = try await store.rows(InspectionRow.judgements(scanID: "C0001"))
        #expect(rows.first?.id == 1 && rows.first?.verdict == "FAIL" && rows.first?.reason == old[0].reasons.first)
        #expect(try await store.measurements(scanRowID: 1).map(\.value) == [18.3])
        #expect(try await store.measurements(scanRowID: 2).map(\.value) == [18.0])
        #expect(try await store.hasRecord(scanID: "C0001", fingerprint: "f1"))
        #expect(try await store.failures(on: "2026-11-30").map(\.scan.id) == ["C0001"])
        // A new judgement after the migration continues the scan's history.
        let next = try await store.save(Self.record("C0001", fingerprint: "f9", diameter: 18.0, at: 100))
        #expect(next.sequence == 2 && next.cause == .reExport)
        #expect(try await store.judgements(scanID: "C0001").map(\.record.verdict) == [.fail, .pass])
    }

    @Test("v3: the first reason's code is a column of inspections and scans; rows stored before it keep NULL, their records decode with `unknown`")
    func reasonCodeColumn() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = dir.file("cellqa.sqlite")
        let before = Self.record("C0001", diameter: 18.3)
        do { // a v2 database with one judgement, its record as written before reason codes
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: Migrations.v2)
            var json = try #require(try JSONSerialization.jsonObject(with: before.jsonData()) as? [String: Any])
            json.removeValue(forKey: "reason_codes")
            let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO inspections (scan_id, sequence, cause, serial, format, path, fingerprint, verdict, reason,
                                             inspected_at, day, cellqa_version, config_hash, record_json)
                    VALUES (?, 1, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [before.scan.id, before.scan.metadata.serial, before.scan.metadata.cellFormat,
                                     before.scan.path, before.fingerprint, before.verdict.rawValue, before.reasons.first,
                                     before.inspectedAt, before.day, before.cellqaVersion, before.configHash, text])
            }
        }
        let store = try ScanStore(path: path)
        let old = try #require(try await store.rows(InspectionRow.judgements(scanID: "C0001")).first)
        #expect(old.reasonCode == nil)
        #expect(try old.record().reasonCodes == ["unknown"])
        #expect(try old.record().reasons == before.reasons)

        try await store.save(Self.record("C0002", serial: "SN2", diameter: 18.4, at: 10))
        try await store.save(Self.record("C0003", serial: "SN3", diameter: 18.0, at: 20))
        let rows = try await store.rows(ScanRow.all().order(ScanRow.Columns.scanID))
        #expect(rows.map(\.reasonCode) == [nil, "can.outer_diameter_mm", nil])
        let counts = try await DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT reason_code, COUNT(*) AS n FROM inspections WHERE verdict != 'PASS' GROUP BY reason_code ORDER BY reason_code")
                .map { ($0["reason_code"] as String?, $0["n"] as Int) }
        }
        #expect(counts.map(\.0) == [nil, "can.outer_diameter_mm"] && counts.map(\.1) == [1, 1])
        // Still append-only.
        #expect(throws: DatabaseError.self) {
            try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE inspections SET reason_code = 'x'") }
        }
    }
}
