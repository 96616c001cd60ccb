import Foundation
import GRDB
import Inspection

/// The SQLite log of inspections: a WAL database (`DatabasePool`: readers never
/// wait for the writer), migrated on open.
///
/// One row per scan id: a re-inspection replaces the earlier row and its
/// measurements, in one transaction with the new ones, like the results folder
/// replaces its folder.
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

    /// Stores `record` (replacing any earlier record of the same scan id) in one transaction.
    @discardableResult
    public func save(_ record: InspectionRecord) async throws -> Int64 {
        let prepared = try ScanRow(record: record)
        return try await pool.write { db in
            var row = prepared
            try ScanRow.filter(ScanRow.Columns.scanID == record.scan.id).deleteAll(db)
            try row.insert(db)
            let rowID = row.id!
            for judgement in record.metrics {
                var measurement = MeasurementRow(scanRowID: rowID, judgement: judgement)
                try measurement.insert(db)
            }
            return rowID
        }
    }

    // MARK: queries

    /// Non-PASS records of `day`, oldest first.
    public func failures(on day: String) async throws -> [InspectionRecord] {
        try await records(ScanRow.failures(on: day))
    }

    /// Every record of `day`, oldest first.
    public func inspections(on day: String) async throws -> [InspectionRecord] {
        try await records(ScanRow.inspections(on: day))
    }

    public func history(serial: String) async throws -> [InspectionRecord] {
        try await records(ScanRow.history(serial: serial))
    }

    public func record(scanID: String) async throws -> InspectionRecord? {
        try await records(ScanRow.record(scanID: scanID)).first
    }

    /// True when `scanID` was already inspected with these exact files: the
    /// daemon's idempotency check after a restart.
    public func hasRecord(scanID: String, fingerprint: String) async throws -> Bool {
        try await pool.read { db in try ScanRow.matching(scanID: scanID, fingerprint: fingerprint).fetchCount(db) > 0 }
    }

    public func rows(_ request: QueryInterfaceRequest<ScanRow>) async throws -> [ScanRow] {
        try await pool.read { db in try request.fetchAll(db) }
    }

    public func measurements(scanRowID: Int64) async throws -> [MeasurementRow] {
        try await pool.read { db in try MeasurementRow.of(scanRowID: scanRowID).fetchAll(db) }
    }

    private func records(_ request: QueryInterfaceRequest<ScanRow>) async throws -> [InspectionRecord] {
        try await rows(request).map { try $0.record() }
    }
}

/// The SQLite sink: `ScanStore.save` as a `ResultSink`.
public struct SQLiteSink: ResultSink {
    public let store: ScanStore
    public var name: String { "database \(store.path)" }

    public init(store: ScanStore) { self.store = store }

    public func write(_ outcome: InspectionOutcome) async throws {
        try await store.save(outcome.record)
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
