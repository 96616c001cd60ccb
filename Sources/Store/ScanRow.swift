import Foundation
import GRDB
import Inspection

/// A row of `inspections`: one judgement of one scan, never changed once stored
/// (the table is append-only). The searchable columns of the record, plus the
/// record itself as JSON (`record_json`), so any report can be rebuilt from the
/// database alone. The judgement with the highest `sequence` of a scan id is
/// its current one.
public struct InspectionRow: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "inspections"

    public var id: Int64?
    public var scanID: String
    /// 1 for the first judgement of the scan id, then 2, 3… in the order stored.
    public var sequence: Int
    /// Why it was judged; nil for judgements stored before this was recorded.
    public var cause: JudgementCause?
    public var serial: String?
    public var format: String?
    public var path: String
    public var fingerprint: String?
    public var verdict: String
    /// The first reason of the verdict (the whole list is in `record_json`).
    public var reason: String?
    /// The stable code of `reason` (`quality.tilt_deg`, `can.max_dent_mm`,
    /// `error.stage.winding`…); nil for PASS and for judgements stored before v3.
    public var reasonCode: String?
    public var inspectedAt: Date
    public var day: String
    public var cellqaVersion: String
    public var configHash: String
    public var recordJSON: String

    public init(record: InspectionRecord, sequence: Int, cause: JudgementCause?) throws {
        id = nil
        scanID = record.scan.id
        self.sequence = sequence
        self.cause = cause
        serial = record.scan.metadata.serial
        format = record.scan.metadata.cellFormat
        path = record.scan.path
        fingerprint = record.fingerprint
        verdict = record.verdict.rawValue
        reason = record.reasons.first
        reasonCode = record.summaryCode
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
        case id, scanID = "scan_id", sequence, cause, serial, format, path, fingerprint, verdict, reason
        case reasonCode = "reason_code"
        case inspectedAt = "inspected_at", day, cellqaVersion = "cellqa_version", configHash = "config_hash"
        case recordJSON = "record_json"
    }

    public typealias Columns = CodingKeys

    // MARK: named queries

    /// Every judgement of `scanID`, first to current.
    public static func judgements(scanID: String) -> QueryInterfaceRequest<InspectionRow> {
        all().filter(Columns.scanID == scanID).order(Columns.sequence)
    }

    /// Every judgement of every scan of the cell `serial`, oldest first.
    public static func judgements(serial: String) -> QueryInterfaceRequest<InspectionRow> {
        all().filter(Columns.serial == serial).order(Columns.inspectedAt, Columns.scanID, Columns.sequence)
    }

    /// The current (latest) judgement of `scanID`.
    public static func current(scanID: String) -> QueryInterfaceRequest<InspectionRow> {
        all().filter(Columns.scanID == scanID).order(Columns.sequence.desc).limit(1)
    }

    /// The judgement `record` already is, if it was stored before (a sink
    /// written twice with one outcome stores it once).
    public static func same(as record: InspectionRecord) -> QueryInterfaceRequest<InspectionRow> {
        all().filter(Columns.scanID == record.scan.id && Columns.inspectedAt == record.inspectedAt
            && Columns.fingerprint == record.fingerprint).limit(1)
    }

    /// The last judgement of every scan judged on `day` (`yyyy-MM-dd`), oldest
    /// first: what was known of the day's scans at its end.
    public static func latest(on day: String) -> QueryInterfaceRequest<InspectionRow> {
        all().filter(Columns.day == day)
            .filter(sql: "sequence = (SELECT MAX(later.sequence) FROM inspections AS later WHERE later.scan_id = inspections.scan_id AND later.day = inspections.day)")
            .order(Columns.inspectedAt, Columns.scanID)
    }

    /// `latest(on:)` without the scans that passed.
    public static func failures(on day: String) -> QueryInterfaceRequest<InspectionRow> {
        latest(on: day).filter(Columns.verdict != "PASS")
    }
}

/// Why a scan was judged (`inspections.cause`).
public enum JudgementCause: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// The first judgement of the scan id: new content.
    case newContent = "new"
    /// The scan's files changed since its latest judgement (a new fingerprint).
    case reExport = "re-export"
    /// The same files, judged under another configuration.
    case configurationChange = "configuration"
    /// The same files and configuration judged again.
    case repeated = "repeat"
    /// `cellqa inspect`, by hand.
    case manual = "manual"

    /// Words for `history` and `show`.
    public var words: String {
        switch self {
        case .newContent: return "new content"
        case .reExport: return "re-export"
        case .configurationChange: return "configuration change"
        case .repeated: return "judged again, unchanged"
        case .manual: return "manual cellqa inspect"
        }
    }

    /// The cause of judging `record` after `previous` (the scan's latest stored
    /// judgement, if any), as asked by `origin`.
    public static func of(_ record: InspectionRecord, after previous: InspectionRow?, origin: JudgementOrigin) -> JudgementCause {
        if origin == .manual { return .manual }
        guard let previous else { return .newContent }
        if previous.fingerprint != record.fingerprint { return .reExport }
        if previous.configHash != record.configHash { return .configurationChange }
        return .repeated
    }
}

/// Who asked for a judgement: the daemon, which judges a scan when its content
/// is new or changed, or a person running `cellqa inspect`.
public enum JudgementOrigin: Sendable, Equatable {
    case watch
    case manual
}

/// A row of the `scans` view: the current (latest) judgement of one scan, with
/// the columns `scans` had before judgements were kept. Read only.
public struct ScanRow: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "scans"

    /// The `inspections` row of the current judgement.
    public var id: Int64?
    public var scanID: String
    public var serial: String?
    public var format: String?
    public var path: String
    public var fingerprint: String?
    public var verdict: String
    /// The first reason (the whole list is in `record_json`).
    public var reason: String?
    /// Its stable code (see `InspectionRow.reasonCode`).
    public var reasonCode: String?
    public var inspectedAt: Date
    public var day: String
    public var cellqaVersion: String
    public var configHash: String
    public var recordJSON: String

    public func record() throws -> InspectionRecord {
        try InspectionRecord.decode(from: Data(recordJSON.utf8))
    }

    public enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, scanID = "scan_id", serial, format, path, fingerprint, verdict, reason, reasonCode = "reason_code"
        case inspectedAt = "inspected_at", day, cellqaVersion = "cellqa_version", configHash = "config_hash"
        case recordJSON = "record_json"
    }

    public typealias Columns = CodingKeys

    // MARK: named queries

    /// The current judgement of every scan of the cell `serial`, oldest first.
    public static func history(serial: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.serial == serial).order(Columns.inspectedAt, Columns.scanID)
    }

    /// The current judgement of `scanID`, if it was ever judged.
    public static func record(scanID: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.scanID == scanID).limit(1)
    }

    /// The scan `scanID` if its current judgement was made when its files had `fingerprint`.
    public static func matching(scanID: String, fingerprint: String) -> QueryInterfaceRequest<ScanRow> {
        all().filter(Columns.scanID == scanID && Columns.fingerprint == fingerprint).limit(1)
    }
}

/// A row of `measurements`: one judged metric of one judgement.
public struct MeasurementRow: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "measurements"

    public var id: Int64?
    /// The `inspections` row (the name is the one it had when it pointed at `scans`).
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

    /// The measurements of one judgement, in the record's order.
    public static func of(scanRowID: Int64) -> QueryInterfaceRequest<MeasurementRow> {
        all().filter(CodingKeys.scanRowID == scanRowID).order(CodingKeys.id)
    }
}
