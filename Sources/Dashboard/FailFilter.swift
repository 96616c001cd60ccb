import Hummingbird
import Inspection

/// `?day=yyyy-mm-dd&format=18650&verdict=FAIL` of the fail list and its exports:
/// the day (default today), and optionally one cell format and one non-PASS verdict.
struct FailFilter: Sendable, Equatable {
    var day: String
    var format: String?
    var verdict: String?

    init(day: String, format: String? = nil, verdict: String? = nil) {
        self.day = day
        self.format = format
        self.verdict = verdict
    }

    /// A malformed day or an unknown verdict is a 400, not an empty list.
    init(_ request: Request, today: String) throws {
        let query = request.uri.queryParameters
        let day = query.get("day") ?? today
        guard day.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
            throw HTTPError(.badRequest, message: "day must be yyyy-mm-dd")
        }
        let verdict = query.get("verdict").flatMap { $0.isEmpty ? nil : $0 }
        if let verdict, Verdict(rawValue: verdict) == nil || verdict == Verdict.pass.rawValue {
            throw HTTPError(.badRequest, message: "verdict must be FAIL, INVALID or ERROR")
        }
        self.init(day: day, format: query.get("format").flatMap { $0.isEmpty ? nil : $0 }, verdict: verdict)
    }

    func admits(format: String?, verdict: String) -> Bool {
        (self.format == nil || format == self.format) && (self.verdict == nil || verdict == self.verdict)
    }

    func admits(verdict: Verdict) -> Bool { self.verdict == nil || verdict.rawValue == self.verdict }

    /// The same filter as a query string, for the export links.
    var query: String {
        var parts = ["day=\(Markup.urlComponent(day))"]
        if let format { parts.append("format=\(Markup.urlComponent(format))") }
        if let verdict { parts.append("verdict=\(Markup.urlComponent(verdict))") }
        return parts.joined(separator: "&")
    }
}
