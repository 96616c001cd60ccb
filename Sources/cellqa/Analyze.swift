import ArgumentParser

/// `cellqa analyze …`: one analysis on its own, for people tuning a site.
struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one analysis on a scan.",
        subcommands: [AnalyzeQuality.self, AnalyzeCan.self, AnalyzeWinding.self, AnalyzeOverhang.self]
    )
}
