import Foundation
import GRDB
import Inspection

/// The SQLite log of inspections: a WAL database (`DatabasePool`: readers never
/// wait for the writer), migrated on open.
///
/// Append-only: every judgement of a scan is a new `inspections` row with its
/// measurements, in one transaction; the latest is the scan's current one
/// (`scans` is the view of those). Storing one record twice stores it once.
public final class ScanStore: Sendable {
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies migrations.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Stores `record` as the next judgement of its scan, with why it was made,
    /// in one transaction; returns the stored judgement (the earlier one when
    /// exactly this record was stored before).
    @discardableResult
    public func save(_ record: InspectionRecord, origin: JudgementOrigin = .watch) async throws -> StoredJudgement {
        let measurements = record.metrics
        let scanID = record.scan.id
        return try await pool.writeWithoutTransaction { db in
            var stored: StoredJudgement?
            // IMMEDIATE: the sequence read and the insert are one step even with
            // another process (`cellqa inspect` beside the daemon) writing.
            try db.inTransaction(.immediate) {
                if let earlier = try InspectionRow.same(as: record).fetchOne(db) {
                    stored = StoredJudgement(earlier, isNew: false)
                    return .commit
                }
                let previous = try InspectionRow.current(scanID: scanID).fetchOne(db)
                let cause = JudgementCause.of(record, after: previous, origin: origin)
                var row = try InspectionRow(record: record, sequence: (previous?.sequence ?? 0) + 1, cause: cause)
                try row.insert(db)
                for judgement in measurements {
                    var measurement = MeasurementRow(scanRowID: row.id!, judgement: judgement)
                    try measurement.insert(db)
                }
                stored = StoredJudgement(row, isNew: true)
                return .commit
            }
            return stored!
        }
    }

    // MARK: queries

    /// Non-PASS records of `day` (the day's last judgement of each scan), oldest first.
    public func failures(on day: String) async throws -> [InspectionRecord] {
        try await records(InspectionRow.failures(on: day))
    }

    /// Every record of `day` (the day's last judgement of each scan), oldest first.
    public func inspections(on day: String) async throws -> [InspectionRecord] {
        try await records(InspectionRow.latest(on: day))
    }

    /// The current record of every scan of the cell `serial`, oldest first.
    public func history(serial: String) async throws -> [InspectionRecord] {
        try await rows(ScanRow.history(serial: serial)).map { try $0.record() }
    }

    /// The current (latest) record of `scanID`.
    public func record(scanID: String) async throws -> InspectionRecord? {
        try await records(InspectionRow.current(scanID: scanID)).first
    }

    /// Every judgement of every scan of the cell `serial`, oldest first.
    public func judgements(serial: String) async throws -> [Judgement] {
        try await judgements(InspectionRow.judgements(serial: serial))
    }

    /// Every judgement of `scanID`, first to current.
    public func judgements(scanID: String) async throws -> [Judgement] {
        try await judgements(InspectionRow.judgements(scanID: scanID))
    }

    /// True when the current judgement of `scanID` was made with these exact
    /// files: the daemon's idempotency check after a restart. (Files that changed
    /// back to an earlier judgement's are not what the current record describes.)
    public func hasRecord(scanID: String, fingerprint: String) async throws -> Bool {
        try await pool.read { db in try ScanRow.matching(scanID: scanID, fingerprint: fingerprint).fetchCount(db) > 0 }
    }

    public func rows(_ request: QueryInterfaceRequest<ScanRow>) async throws -> [ScanRow] {
        try await pool.read { db in try request.fetchAll(db) }
    }

    public func rows(_ request: QueryInterfaceRequest<InspectionRow>) async throws -> [InspectionRow] {
        try await pool.read { db in try request.fetchAll(db) }
    }

    public func measurements(scanRowID: Int64) async throws -> [MeasurementRow] {
        try await pool.read { db in try MeasurementRow.of(scanRowID: scanRowID).fetchAll(db) }
    }

    private func records(_ request: QueryInterfaceRequest<InspectionRow>) async throws -> [InspectionRecord] {
        try await rows(request).map { try $0.record() }
    }

    private func judgements(_ request: QueryInterfaceRequest<InspectionRow>) async throws -> [Judgement] {
        let rows = try await rows(request)
        let scanIDs = Array(Set(rows.map(\.scanID)))
        let current = try await pool.read { db in
            try Int64.fetchSet(db, ScanRow.select(ScanRow.Columns.id).filter(scanIDs.contains(ScanRow.Columns.scanID)))
        }
        return try rows.map { try Judgement(row: $0, isCurrent: current.contains($0.id ?? -1)) }
    }
}

/// One stored judgement of a scan: its place in the scan's history, why it was
/// made, and the record.
public struct Judgement: Sendable, Equatable {
    public var sequence: Int
    public var cause: JudgementCause?
    /// True for the scan's latest judgement.
    public var isCurrent: Bool
    public var record: InspectionRecord

    init(row: InspectionRow, isCurrent: Bool) throws {
        sequence = row.sequence
        cause = row.cause
        self.isCurrent = isCurrent
        record = try row.record()
    }
}

/// What `ScanStore.save` stored.
public struct StoredJudgement: Sendable, Equatable {
    public var rowID: Int64
    public var scanID: String
    public var sequence: Int
    public var cause: JudgementCause?
    /// False when the record was stored before and nothing was added.
    public var isNew: Bool

    init(_ row: InspectionRow, isNew: Bool) {
        rowID = row.id!
        scanID = row.scanID
        sequence = row.sequence
        cause = row.cause
        self.isNew = isNew
    }
}

/// The SQLite sink: `ScanStore.save` as a `ResultSink`.
public struct SQLiteSink: ResultSink {
    public let store: ScanStore
    /// Who judges through this sink: the daemon, or `cellqa inspect` (`.manual`).
    public let origin: JudgementOrigin
    public var name: String { "database \(store.path)" }

    public init(store: ScanStore, origin: JudgementOrigin = .watch) {
        self.store = store
        self.origin = origin
    }

    public func write(_ outcome: InspectionOutcome) async throws {
        try await store.save(outcome.record, origin: origin)
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path): \(reason); check the folder exists and is writable"
        }
    }
}
