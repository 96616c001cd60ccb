import ArgumentParser
import Dashboard
import Foundation
import Hummingbird

/// `cellqa serve`: the dashboard (issue 21). Read-only over the daemon's log,
/// on localhost unless told otherwise; run by cellqa-web.service beside the
/// inspection unit, which keeps its private network.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the line's live view: today's counts, fail lists and exports, scans, control charts.",
        discussion: """
        Pages: / (now), /fails?day=yyyy-mm-dd (+ .csv, .dfq), /scan/ID, /metric/ID?format=F.
        The database is opened read-only beside the running daemon; nothing is written.
        SIGTERM/SIGINT stop it.
        """)

    @Option(help: "Daemon configuration (TOML), for the database and results folder.") var config: String?
    @Option(help: "SQLite database; default from --config or ./results/cellqa.sqlite.") var database: String?
    @Option(help: "Results folder (images); default from --config or ./results.") var results: String?
    @Option(help: "HOST:PORT to listen on.") var listen = "127.0.0.1:8470"

    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError(DashboardError.badListenAddress(listen).description) }
    }

    func run() async throws {
        let address = ListenAddress(listen)!
        let path = try Settings.existingDatabasePath(database: database, configPath: config)
        let folder = try Settings.resultsFolder(results: results, configPath: config)
        let server = DashboardServer(reader: try LogReader(path: path), resultsFolder: folder)
        try await server.application(host: address.host, port: address.port).runService()
    }
}

/// `HOST:PORT`, `[v6]:PORT`.
struct ListenAddress: Equatable {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
