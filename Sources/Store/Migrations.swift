import GRDB

/// The database schema, as named migrations applied in order. A migration that
/// has shipped is never edited: change the schema by adding a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration(Self.v1) { db in
            try db.create(table: "scans") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scan_id", .text).notNull().unique(onConflict: .abort)
                t.column("serial", .text)
                t.column("format", .text)
                t.column("path", .text).notNull()
                t.column("fingerprint", .text)
                t.column("verdict", .text).notNull()
                    .check(sql: "verdict IN ('PASS', 'FAIL', 'INVALID', 'ERROR')")
                t.column("reason", .text)
                t.column("inspected_at", .datetime).notNull()
                t.column("day", .text).notNull()
                t.column("cellqa_version", .text).notNull()
                t.column("config_hash", .text).notNull()
                t.column("record_json", .text).notNull()
            }
            try db.create(index: "scans_day", on: "scans", columns: ["day"])
            try db.create(index: "scans_verdict", on: "scans", columns: ["verdict"])
            try db.create(index: "scans_serial", on: "scans", columns: ["serial"])

            try db.create(table: "measurements") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scan_row_id", .integer).notNull().indexed()
                    .references("scans", onDelete: .cascade)
                t.column("metric", .text).notNull()
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull()
                t.column("uncertainty", .double)
                t.column("lower", .double)
                t.column("upper", .double)
                t.column("pass", .boolean)
                t.column("near_limit", .boolean).notNull()
            }
            try db.create(index: "measurements_metric", on: "measurements", columns: ["metric"])
        }

        // Every judgement kept (issue 19 item 4): `scans` held one row per scan id,
        // replaced on re-inspection, so a PASS -> FAIL re-export left no trace of
        // the PASS. Its rows move to `inspections` (same ids, so measurements keep
        // pointing at them) as judgement 1 of their scan, with no recorded cause;
        // `scans` becomes a view of the current (latest) judgement of every scan,
        // with the columns it had, for anyone who queries it.
        migrator.registerMigration(Self.v2) { db in
            try db.create(table: "inspections") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scan_id", .text).notNull()
                // 1, 2, 3... per scan id, in the order judgements were stored: the highest is current.
                t.column("sequence", .integer).notNull().check { $0 >= 1 }
                // Why the scan was judged (`JudgementCause`); NULL for judgements stored before v2.
                t.column("cause", .text).check(sql: "cause IN ('new', 're-export', 'configuration', 'repeat', 'manual')")
                t.column("serial", .text)
                t.column("format", .text)
                t.column("path", .text).notNull()
                t.column("fingerprint", .text)
                t.column("verdict", .text).notNull()
                    .check(sql: "verdict IN ('PASS', 'FAIL', 'INVALID', 'ERROR')")
                t.column("reason", .text)
                t.column("inspected_at", .datetime).notNull()
                t.column("day", .text).notNull()
                t.column("cellqa_version", .text).notNull()
                t.column("config_hash", .text).notNull()
                t.column("record_json", .text).notNull()
                t.uniqueKey(["scan_id", "sequence"])
            }
            try db.execute(sql: """
                INSERT INTO inspections (id, scan_id, sequence, cause, serial, format, path, fingerprint, verdict, reason,
                                         inspected_at, day, cellqa_version, config_hash, record_json)
                SELECT id, scan_id, 1, NULL, serial, format, path, fingerprint, verdict, reason,
                       inspected_at, day, cellqa_version, config_hash, record_json FROM scans
                """)
            try db.create(index: "inspections_day", on: "inspections", columns: ["day"])
            try db.create(index: "inspections_verdict", on: "inspections", columns: ["verdict"])
            try db.create(index: "inspections_serial", on: "inspections", columns: ["serial"])

            // measurements.scan_row_id now refers to inspections.id (the column keeps
            // its name, so existing queries joining on it still work).
            try db.rename(table: "measurements", to: "measurements_v1")
            try db.create(table: "measurements") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scan_row_id", .integer).notNull().references("inspections")
                t.column("metric", .text).notNull()
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull()
                t.column("uncertainty", .double)
                t.column("lower", .double)
                t.column("upper", .double)
                t.column("pass", .boolean)
                t.column("near_limit", .boolean).notNull()
            }
            try db.execute(sql: """
                INSERT INTO measurements (id, scan_row_id, metric, value, unit, uncertainty, lower, upper, pass, near_limit)
                SELECT id, scan_row_id, metric, value, unit, uncertainty, lower, upper, pass, near_limit FROM measurements_v1
                """)
            try db.drop(table: "measurements_v1")
            try db.drop(table: "scans")
            try db.create(index: "measurements_scan_row", on: "measurements", columns: ["scan_row_id"])
            try db.create(index: "measurements_metric", on: "measurements", columns: ["metric"])

            try db.execute(sql: """
                CREATE VIEW scans AS
                SELECT id, scan_id, serial, format, path, fingerprint, verdict, reason, inspected_at, day,
                       cellqa_version, config_hash, record_json
                FROM inspections AS i
                WHERE sequence = (SELECT MAX(sequence) FROM inspections WHERE scan_id = i.scan_id)
                """)
            // A system of record: nothing stored is changed or removed.
            for table in ["inspections", "measurements"] {
                for action in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_append_only_\(action.lowercased()) BEFORE \(action) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) is append-only: store a new judgement instead'); END
                        """)
                }
            }
        }

        // Machine-readable reasons (issue 18 item 8): the code of the first reason
        // beside `reason`, so INVALID and ERROR group by cause in SQL. Adding a
        // column changes no stored row (the append-only triggers stay); judgements
        // stored before v3 have NULL (their records' codes decode as `unknown`).
        // `scans` is recreated with the column.
        migrator.registerMigration(Self.v3) { db in
            try db.alter(table: "inspections") { t in t.add(column: "reason_code", .text) }
            try db.create(index: "inspections_reason_code", on: "inspections", columns: ["reason_code"])
            try db.execute(sql: """
                DROP VIEW scans;
                CREATE VIEW scans AS
                SELECT id, scan_id, serial, format, path, fingerprint, verdict, reason, reason_code, inspected_at, day,
                       cellqa_version, config_hash, record_json
                FROM inspections AS i
                WHERE sequence = (SELECT MAX(sequence) FROM inspections WHERE scan_id = i.scan_id)
                """)
        }
        return migrator
    }

    /// The last migration before judgements were kept (one row per scan id).
    static let v1 = "v1: scans and measurements"
    static let v2 = "v2: every judgement kept (inspections)"
    static let v3 = "v3: reason codes (inspections.reason_code)"
}
