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
        if let date, !CalendarDay.isValid(date) {
            throw ValidationError("--date must be a day as yyyy-mm-dd (e.g. 2026-12-04), got \(date)")
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
    static let configuration = CommandConfiguration(
        abstract: "Every inspection of one cell, by serial number: every judgement of each of its scans, oldest first.")

    @Argument(help: "Cell serial number.") var serial: String
    @OptionGroup var store: StoreLocation
    @Flag(help: "Print the records of every judgement as a JSON array.") var json = false

    func run() async throws {
        let store = try self.store.open()
        let judgements = try await store.judgements(serial: serial)
        if json {
            let items = try judgements.map { String(decoding: try $0.record.jsonData(), as: UTF8.self) }
            print("[" + items.joined(separator: ",\n") + "]")
            return
        }
        if judgements.isEmpty {
            print("no inspections of serial \(serial)")
            throw ExitCode(1)
        }
        for j in judgements { print(JudgementText.line(j, withScanID: true)) }
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One scan's inspection record, by scan id: the current judgement, then every judgement.")

    @Argument(help: "Scan id (as in the results folder and the journal).") var scanID: String
    @Option(help: "Show this judgement (1 = the first) instead of the current one.") var judgement: Int?
    @OptionGroup var store: StoreLocation
    @Flag(help: "Print the record as JSON.") var json = false

    func run() async throws {
        let store = try self.store.open()
        let judgements = try await store.judgements(scanID: scanID)
        guard let current = judgements.last(where: \.isCurrent) ?? judgements.last else {
            print("no record for scan \(scanID)")
            throw ExitCode(1)
        }
        var shown = current
        if let judgement {
            guard let chosen = judgements.first(where: { $0.sequence == judgement }) else {
                print("scan \(scanID) has no judgement \(judgement) (it has 1–\(judgements.count))")
                throw ExitCode(1)
            }
            shown = chosen
        }
        let record = shown.record
        if json {
            print(String(decoding: try record.jsonData(), as: UTF8.self))
            return
        }
        print(RecordText.summary(record, written: []))
        print("  judgement \(shown.sequence) of \(judgements.count)\(shown.isCurrent ? " (current)" : ", superseded"); inspected \(InspectionRecord.timestamp(record.inspectedAt)), cellqa \(record.cellqaVersion), config \(record.configHash.prefix(12))…")
        for m in record.metrics {
            let result = m.pass.map { $0 ? (m.nearLimit ? "near" : "pass") : "FAIL" } ?? "—"
            print("  \(m.metric.rawValue.padding(toLength: 34, withPad: " ", startingAt: 0)) \(Formatting.quantity(m.value, unit: m.unit).padding(toLength: 14, withPad: " ", startingAt: 0)) \(m.limitText.padding(toLength: 22, withPad: " ", startingAt: 0)) \(result)")
        }
        print("judgements:")
        for j in judgements { print("  " + JudgementText.line(j, withScanID: false)) }
    }
}

/// One judgement on one line, for `history` and `show`.
enum JudgementText {
    /// `2026-11-30T08:00:00.000Z  FAIL     C0001 #2 re-export, current  can.outer_diameter_mm = …`
    static func line(_ j: Judgement, withScanID: Bool) -> String {
        let r = j.record
        let verdict = r.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        let cause = j.cause?.words ?? "cause not recorded"
        let which = (withScanID ? "\(r.scan.id) " : "") + "#\(j.sequence) \(cause)" + (j.isCurrent ? ", current" : "")
        return "\(InspectionRecord.timestamp(r.inspectedAt))  \(verdict)  \(which)  \(r.summary)"
    }
}

/// Where the read-only commands (`report`, `history`, `show`) find the database.
struct StoreLocation: ParsableArguments {
    @Option(help: "SQLite database; default from --config or ./results/cellqa.sqlite.") var database: String?
    @Option(help: "Daemon configuration (TOML), for the database path.") var config: String?

    func open() throws -> ScanStore { try Settings.openExistingStore(database: database, configPath: config) }
}
