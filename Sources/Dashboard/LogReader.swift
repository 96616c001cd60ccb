import Foundation
import GRDB
import Inspection
import Store

/// The dashboard's view of the SQLite log: a read-only WAL reader beside the
/// daemon, which keeps writing. It never migrates or writes; a database the
/// daemon has not created yet is an error, not an empty one made here.
public final class LogReader: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws(DashboardError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .noDatabase(path: path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    // MARK: Now

    /// How many of `day`'s scans have each verdict (each scan's last judgement that day).
    public func verdictCounts(on day: String) async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT verdict, COUNT(*) AS n FROM inspections AS i
                WHERE day = ? AND sequence = (SELECT MAX(later.sequence) FROM inspections AS later
                                              WHERE later.scan_id = i.scan_id AND later.day = i.day)
                GROUP BY verdict
                """, arguments: [day])
            return Dictionary(uniqueKeysWithValues: try rows.map { (row: Row) in
                (try row.decode(String.self, forColumn: "verdict"), try row.decode(Int.self, forColumn: "n"))
            })
        }
    }

    /// The `limit` most recently judged scans, newest first (their current judgement).
    /// In the order stored (row id), which walks the primary key backwards and stops
    /// at `limit`; `inspected_at` has no index and would sort the whole log.
    public func recentScans(limit: Int) async throws -> [ScanSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, scan_id, serial, format, verdict, reason, inspected_at, day, sequence FROM inspections AS i
                WHERE sequence = (SELECT MAX(sequence) FROM inspections WHERE scan_id = i.scan_id)
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map { try ScanSummary(row: $0) }
        }
    }

    /// The metrics measured in the last `recentJudgements` judgements, with the
    /// cell formats they were measured on: what the line makes now. (Over the whole
    /// log this join reads every measurement: seconds at 100 000 inspections.)
    public func metricFormats(recentJudgements: Int = 5000) async throws -> [(metric: String, format: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT m.metric, i.format FROM inspections AS i JOIN measurements AS m ON m.scan_row_id = i.id
                WHERE i.id > (SELECT MAX(id) FROM inspections) - ? AND i.format IS NOT NULL ORDER BY m.metric, i.format
                """, arguments: [recentJudgements]).map {
                    (metric: try $0.decode(String.self, forColumn: "metric"), format: try $0.decode(String.self, forColumn: "format"))
                }
        }
    }

    /// The cell format of the newest measurement of `metric`; nil when it was never measured.
    public func latestFormat(metric: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT i.format FROM measurements AS m JOIN inspections AS i ON i.id = m.scan_row_id
                WHERE m.metric = ? AND i.format IS NOT NULL ORDER BY m.id DESC LIMIT 1
                """, arguments: [metric])
        }
    }

    // MARK: fail list

    /// The non-PASS scans of `day` (the day's last judgement of each), oldest
    /// first, with their measurements.
    public func failures(on day: String) async throws -> [JudgedScan] {
        try await pool.read { db in
            try InspectionRow.failures(on: day).fetchAll(db).map { row in
                JudgedScan(row: row, measurements: try MeasurementRow.of(scanRowID: row.id ?? -1).fetchAll(db))
            }
        }
    }

    // MARK: scan

    /// Every judgement of `scanID`, first to current, each with its measurements; empty for an unknown id.
    public func judgements(scanID: String) async throws -> [JudgedScan] {
        try await pool.read { db in
            try InspectionRow.judgements(scanID: scanID).fetchAll(db).map { row in
                JudgedScan(row: row, measurements: try MeasurementRow.of(scanRowID: row.id ?? -1).fetchAll(db))
            }
        }
    }

    // MARK: metric

    /// The last `limit` values of `metric` on cells of `format`, oldest first:
    /// one per scan, from its current judgement, in the order stored (measurement
    /// id: the metric's index walked backwards, stopping at `limit`).
    public func series(metric: String, format: String, limit: Int) async throws -> [SeriesPoint] {
        let points = try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.scan_id, i.inspected_at, m.value, m.unit, m.lower, m.upper FROM measurements AS m
                JOIN inspections AS i ON i.id = m.scan_row_id
                WHERE m.metric = ? AND i.format = ?
                  AND i.sequence = (SELECT MAX(sequence) FROM inspections WHERE scan_id = i.scan_id)
                ORDER BY m.id DESC LIMIT ?
                """, arguments: [metric, format, limit]).map { try SeriesPoint(row: $0) }
        }
        return points.reversed()
    }
}

// Rows are decoded with `decode(forColumn:)`, which throws on a value that is
// not what the schema says (a 500 for that page), where the subscript would trap
// and take the whole server down.

/// One scan's judgement, as listed: the columns, not the record.
public struct ScanSummary: Sendable, Equatable {
    public var scanID: String
    public var serial: String?
    public var format: String?
    public var verdict: String
    public var reason: String?
    public var inspectedAt: Date
    public var day: String
    public var sequence: Int

    init(row: Row) throws {
        scanID = try row.decode(forColumn: "scan_id")
        serial = try row.decode(forColumn: "serial")
        format = try row.decode(forColumn: "format")
        verdict = try row.decode(forColumn: "verdict")
        reason = try row.decode(forColumn: "reason")
        inspectedAt = try row.decode(forColumn: "inspected_at")
        day = try row.decode(forColumn: "day")
        sequence = try row.decode(forColumn: "sequence")
    }
}

/// One judgement of a scan with the metrics it stored.
public struct JudgedScan: Sendable {
    public var row: InspectionRow
    public var measurements: [MeasurementRow]
}

/// One value of a metric's series.
public struct SeriesPoint: Sendable, Equatable {
    public var scanID: String
    public var inspectedAt: Date
    public var value: Double
    public var unit: String
    public var lower: Double?
    public var upper: Double?

    public init(scanID: String, inspectedAt: Date, value: Double, unit: String, lower: Double?, upper: Double?) {
        self.scanID = scanID
        self.inspectedAt = inspectedAt
        self.value = value
        self.unit = unit
        self.lower = lower
        self.upper = upper
    }

    init(row: Row) throws {
        scanID = try row.decode(forColumn: "scan_id")
        inspectedAt = try row.decode(forColumn: "inspected_at")
        value = try row.decode(forColumn: "value")
        unit = try row.decode(forColumn: "unit")
        lower = try row.decode(forColumn: "lower")
        upper = try row.decode(forColumn: "upper")
    }
}

public enum DashboardError: Error, CustomStringConvertible {
    case noDatabase(path: String)
    case cannotOpen(path: String, reason: String)
    case badListenAddress(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path): give --database PATH or --config FILE (the daemon creates it)"
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path) read-only: \(reason)"
        case .badListenAddress(let text):
            return "--listen must be HOST:PORT (e.g. 127.0.0.1:8470), got \(text)"
        }
    }
}

extension LogReader {
    /// Every record of `day` (the day's last judgement of each scan), oldest first: the daily report's input.
    public func dayRecords(on day: String) async throws -> [InspectionRecord] {
        try await pool.read { db in try InspectionRow.latest(on: day).fetchAll(db).map { try $0.record() } }
    }
}
