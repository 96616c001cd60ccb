import ArgumentParser
import Foundation
import Inspection
import Reporting
import Store

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daily fail list: FAIL, INVALID and ERROR scans with reasons, yield, top failing metrics.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, html }

    @Option(help: "Day (yyyy-mm-dd); default today.") var date: String?
    @Option(help: "text, csv or html.") var format: Format = .text
    @OptionGroup var store: StoreLocation
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        if let date, date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
            throw ValidationError("--date must be yyyy-mm-dd, got \(date)")
        }
    }

    func run() async throws {
        let store = try self.store.open()
        let day = date ?? InspectionRecord.day(of: Date())
        let report = DailyReport(day: day, records: try await store.inspections(on: day))
        let text: String
        switch format {
        case .text: text = report.text()
        case .csv: text = report.csv()
        case .html: text = report.html()
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            print(text, terminator: "")
        }
    }
}

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Every inspection of one cell, by serial number.")

    @Argument(help: "Cell serial number.") var serial: String
    @OptionGroup var store: StoreLocation
    @Flag(help: "Print the records as a JSON array.") var json = false

    func run() async throws {
        let store = try self.store.open()
        let records = try await store.history(serial: serial)
        if json {
            let items = try records.map { String(decoding: try $0.jsonData(), as: UTF8.self) }
            print("[" + items.joined(separator: ",\n") + "]")
            return
        }
        if records.isEmpty {
            print("no inspections of serial \(serial)")
            throw ExitCode(1)
        }
        for r in records {
            print("\(InspectionRecord.timestamp(r.inspectedAt))  \(r.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(r.scan.id)  \(r.summary)")
        }
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "One inspection record, by scan id.")

    @Argument(help: "Scan id (the scan folder's name).") var scanID: String
    @OptionGroup var store: StoreLocation
    @Flag(help: "Print the record as JSON.") var json = false

    func run() async throws {
        let store = try self.store.open()
        guard let record = try await store.record(scanID: scanID) else {
            print("no record for scan \(scanID)")
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: try record.jsonData(), as: UTF8.self))
            return
        }
        print(RecordText.summary(record, written: []))
        print("  inspected \(InspectionRecord.timestamp(record.inspectedAt)), cellqa \(record.cellqaVersion), config \(record.configHash.prefix(12))…")
        for m in record.metrics {
            let result = m.pass.map { $0 ? (m.nearLimit ? "near" : "pass") : "FAIL" } ?? "—"
            print("  \(m.metric.rawValue.padding(toLength: 34, withPad: " ", startingAt: 0)) \(Formatting.quantity(m.value, unit: m.unit).padding(toLength: 14, withPad: " ", startingAt: 0)) \(m.limitText.padding(toLength: 22, withPad: " ", startingAt: 0)) \(result)")
        }
    }
}

/// Where the read-only commands (`report`, `history`, `show`) find the database.
struct StoreLocation: ParsableArguments {
    @Option(help: "SQLite database; default from --config or ./results/cellqa.sqlite.") var database: String?
    @Option(help: "Daemon configuration (TOML), for the database path.") var config: String?

    func open() throws -> ScanStore { try Settings.openExistingStore(database: database, configPath: config) }
}
