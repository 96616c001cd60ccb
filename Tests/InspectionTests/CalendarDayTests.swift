import Inspection
import Testing

@Suite("Report days")
struct CalendarDayTests {
    @Test("yyyy-mm-dd of a real Gregorian day only (issue 19: report --date 2026-13-45 was accepted)")
    func days() {
        for good in ["2026-12-04", "2024-02-29", "2026-01-31", "1999-12-31"] { #expect(CalendarDay.isValid(good), "\(good)") }
        for bad in ["2026-13-45", "2026-02-30", "2025-02-29", "2026-00-10", "2026-04-31", "2026-12-4", "26-12-04",
                    "2026/12/04", "2026-12-04T00:00", ""] {
            #expect(!CalendarDay.isValid(bad), "\(bad)")
        }
    }
}
