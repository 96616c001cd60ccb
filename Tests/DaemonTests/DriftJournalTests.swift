@testable import Daemon
import Foundation
import Logging
import Testing

/// Issue 21: a drift alarm after a judgement is a journal entry with
/// `CELLQA_SPC_RULE` and `CELLQA_METRIC`, at warning priority.
@Suite struct DriftJournalTests {
    @Test func driftAlarmFields() {
        let notice = DriftNotice(rule: 2, words: "9 in a row on one side of the centre", metric: "can.outer_diameter_mm",
                                 format: "18650", scanID: "C0042")
        let fields = JournalFields.make(level: .warning, message: WatchDaemon.message(notice), metadata: WatchDaemon.metadata(notice),
                                        label: "cellqa.watch", file: "WatchDaemon.swift", function: "checkDrift(after:)", line: 1)
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["CELLQA_SPC_RULE"] == "2")
        #expect(byName["CELLQA_METRIC"] == "can.outer_diameter_mm")
        #expect(byName["CELLQA_FORMAT"] == "18650")
        #expect(byName["CELLQA_SCAN_ID"] == "C0042")
        #expect(byName["PRIORITY"] == "4")
        #expect(byName["MESSAGE"] == "drift: can.outer_diameter_mm (18650) Nelson rule 2, 9 in a row on one side of the centre, at C0042")
    }
}
