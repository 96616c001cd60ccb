import Foundation
import GRDB
import Inspection

/// A row of `scans`: the searchable columns of one record, plus the record itself
/// as JSON (`record_json`), so any report can be rebuilt from the database alone.
public struct ScanRow: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "scans"

    public var id: Int64?
    public var scanID: String
    public var serial: String?
    public var format: String?
    public var path: String
    public var fingerprint: String?
    public var verdict: String
    /// The first reason (the whole list is in `record_json`).
    public var reason: String?
    public var inspectedAt: Date
    public var day: String
    public var cellqaVersion: String
    public var configHash: String
    public var recordJSON: String

    public init(record: InspectionRecord) throws {
        id = nil
        scanID = record.scan.id
        serial = record.scan.metadata.serial
        format = record.scan.metadata.cellFormat
        path = record.scan.path
        fingerprint = record.fingerprint
        verdict = record.verdict.rawValue
        reason = record.reasons.first
        inspectedAt = record.inspectedAt
        day = record.day
        cellqaVersion = record.cellqaVersion
        configHash = record.configHash
        recordJSON = String(decoding: try record.jsonData(), as: UTF8.self)
    }

    public func record() throws -> InspectionRecord {
        try InspectionRecord.decode(from: Data(recordJSON.utf8))
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, scanID = "scan_id", serial, format, path, fingerprint, verdict, reason
        case inspectedAt = "inspected_at", day, cellqaVersion = "cellqa_version", configHash = "config_hash"
        case recordJSON = "record_json"
    }

    public typealias Columns = CodingKeys

    // MARK: named queries

    /// Every scan of `day` (`yyyy-MM-dd`) that did not PASS, oldest first.
    public static func failures(on day: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.day == day && Columns.verdict != "PASS").order(Columns.inspectedAt, Columns.scanID)
    }

    /// Every scan of `day`, oldest first.
    public static func inspections(on day: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.day == day).order(Columns.inspectedAt, Columns.scanID)
    }

    /// Every scan of the cell `serial`, oldest first.
    public static func history(serial: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.serial == serial).order(Columns.inspectedAt, Columns.scanID)
    }

    /// The scan with id `scanID`, if recorded.
    public static func record(scanID: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.scanID == scanID).limit(1)
    }

    /// The scan `scanID` as it was when its files had `fingerprint`.
    public static func matching(scanID: String, fingerprint: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.scanID == scanID && Columns.fingerprint == fingerprint).limit(1)
    }
}

/// A row of `measurements`: one judged metric of one scan.
public struct MeasurementRow: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "measurements"

    public var id: Int64?
    public var scanRowID: Int64
    public var metric: String
    public var value: Double
    public var unit: String
    public var uncertainty: Double?
    public var lower: Double?
    public var upper: Double?
    public var pass: Bool?
    public var nearLimit: Bool

    public init(scanRowID: Int64, judgement j: MetricJudgement) {
        id = nil
        self.scanRowID = scanRowID
        metric = j.metric.rawValue
        value = j.value
        unit = j.unit
        uncertainty = j.uncertainty
        lower = j.lower
        upper = j.upper
        pass = j.pass
        nearLimit = j.nearLimit
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, scanRowID = "scan_row_id", metric, value, unit, uncertainty, lower, upper, pass, nearLimit = "near_limit"
    }

    /// The measurements of one scan row, in the record's order.
    public static func of(scanRowID: Int64) -> QueryInterfaceRequest<MeasurementRow> {
        all().filter(CodingKeys.scanRowID == scanRowID).order(CodingKeys.id)
    }
}
