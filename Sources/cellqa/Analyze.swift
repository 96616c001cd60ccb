import ArgumentParser

/// `cellqa analyze …`: run one analysis on its own (minimal group; the can analysis adds its subcommand too).
struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one analysis on a scan.",
        subcommands: [AnalyzeOverhang.self, AnalyzeCan.self]
    )
}
