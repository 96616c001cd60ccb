import Foundation

/// A day as the records name it, `yyyy-mm-dd` (`InspectionRecord.day(of:)`).
public enum CalendarDay {
    /// Whether `text` is `yyyy-mm-dd` and names a day of the Gregorian calendar:
    /// `2026-13-45` and `2026-02-30` are not (a report for them would be empty, as if the
    /// line had inspected nothing that day).
    public static func isValid(_ text: String) -> Bool {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else { return false }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
              let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return false }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == parts[0] && back.month == parts[1] && back.day == parts[2]
    }
}
