import Foundation
import Hummingbird
import Inspection
import Reporting
import Store

/// `cellqa serve`: the line's live view over the SQLite log. GET only, read
/// only: there is no endpoint that writes, and the database is opened read-only.
public struct DashboardServer: Sendable {
    public var reader: LogReader
    public var resultsFolder: String
    /// Today's `yyyy-mm-dd`, as the daemon names days (local time); a test fixes it.
    public var today: @Sendable () -> String

    public init(reader: LogReader, resultsFolder: String,
                today: @escaping @Sendable () -> String = { InspectionRecord.day(of: Date()) }) {
        self.reader = reader
        self.resultsFolder = resultsFolder
        self.today = today
    }

    /// The application listening on `host:port` (port 0: any free port).
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "cellqa"))
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in try await now() }
        router.get("/fails") { request, _ in try await failList(try FailFilter(request, today: today())) }
        router.get("/fails.csv") { request, _ in try await failCSV(try FailFilter(request, today: today())) }
        router.get("/fails.dfq") { request, _ in try await failDFQ(try FailFilter(request, today: today())) }
        router.get("/scan/:id") { _, context in try await scan(id: try context.parameters.require("id")) }
        router.get("/metric/:id") { request, context in
            try await metric(id: try context.parameters.require("id"), query: request.uri.queryParameters)
        }
        router.get("/artefact/:folder/:scan/:file") { _, context in
            try artefact([try context.parameters.require("folder"), try context.parameters.require("scan"),
                          try context.parameters.require("file")])
        }
        return router
    }

    // MARK: pages

    func now() async throws -> Response {
        let day = today()
        let metrics = try await reader.metricFormats()
        var alarms: [DriftAlarm] = []
        for m in metrics {
            let points = try await reader.series(metric: m.metric, format: m.format, limit: DriftAlarms.window)
            alarms += DriftAlarms.alarms(metric: m.metric, format: m.format, points: points)
        }
        let page = NowPage(day: day, counts: try await reader.verdictCounts(on: day),
                           recent: try await reader.recentScans(limit: NowPage.recentCount),
                           metrics: metrics, alarms: alarms)
        return Self.html(page.html())
    }

    func failList(_ filter: FailFilter) async throws -> Response {
        Self.html(FailListPage(report: try await report(filter), filter: filter).html())
    }

    func failCSV(_ filter: FailFilter) async throws -> Response {
        let report = try await report(filter)
        let listed = DailyReport(day: report.day, records: report.nonPassing.filter { filter.admits(verdict: $0.verdict) })
        return Self.file(listed.csv(), type: "text/csv; charset=utf-8", name: "cellqa-fails-\(filter.day).csv")
    }

    func failDFQ(_ filter: FailFilter) async throws -> Response {
        let scans = try await reader.failures(on: filter.day).filter { filter.admits(format: $0.row.format, verdict: $0.row.verdict) }
        let text = AQDEFExport(scans: scans).text()
        return Self.file(text, type: "text/plain; charset=utf-8", name: "cellqa-fails-\(filter.day).dfq")
    }

    func scan(id: String) async throws -> Response {
        let judgements = try await reader.judgements(scanID: id)
        guard !judgements.isEmpty else { throw HTTPError(.notFound, message: "no scan \(id)") }
        return Self.html(try ScanPage(scanID: id, judgements: judgements).html())
    }

    func metric(id: String, query: Parameters) async throws -> Response {
        let asked = query.get("format")
        let found = asked == nil ? try await reader.latestFormat(metric: id) : asked
        guard let format = found else {
            throw HTTPError(.notFound, message: "no values of \(id)")
        }
        let window = Self.count(query.get("window"), default: 500, range: 2...20_000)
        let baseline = Self.count(query.get("baseline"), default: 30, range: 2...20_000)
        let points = try await reader.series(metric: id, format: format, limit: window)
        guard !points.isEmpty else { throw HTTPError(.notFound, message: "no values of \(id) on \(format)") }
        return Self.html(MetricPage(metric: id, format: format, points: points, baselineCount: baseline).html())
    }

    func artefact(_ components: [String]) throws -> Response {
        let names = components.map { $0.removingPercentEncoding ?? $0 }
        guard let (path, mediaType) = ArtefactFiles(resultsFolder: resultsFolder).resolve(names),
              let data = FileManager.default.contents(atPath: path) else {
            throw HTTPError(.notFound, message: "no such image")
        }
        return Response(status: .ok, headers: Self.headers(type: mediaType), body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: helpers

    /// The day's report over the scans of the filter's format (its counts and
    /// yield are the format's); the verdict narrows only what is listed.
    func report(_ filter: FailFilter) async throws -> DailyReport {
        DailyReport(day: filter.day, records: try await reader.dayRecords(on: filter.day).filter {
            filter.format == nil || $0.scan.metadata.cellFormat == filter.format
        })
    }

    static func count(_ text: String?, default value: Int, range: ClosedRange<Int>) -> Int {
        guard let text, let n = Int(text) else { return value }
        return min(max(n, range.lowerBound), range.upperBound)
    }

    /// Every response forbids scripts, frames and fetches from elsewhere: the
    /// pages need none, so an injected value could do nothing even unescaped.
    static func headers(type: String) -> HTTPFields {
        [.contentType: type, .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
         .xContentTypeOptions: "nosniff", .cacheControl: "no-store"]
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: headers(type: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func file(_ text: String, type: String, name: String) -> Response {
        var headers = headers(type: type)
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
