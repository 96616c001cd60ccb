import GRDB

/// The database schema, as named migrations applied in order. A migration that
/// has shipped is never edited: change the schema by adding a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: scans and measurements") { db in
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
        return migrator
    }
}
