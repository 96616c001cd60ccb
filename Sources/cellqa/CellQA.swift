import ArgumentParser

@main
struct CellQA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cellqa",
        abstract: "X-ray CT quality inspection of cylindrical Li-ion cells.",
        version: CellQAVersion.string,
        subcommands: [
            Inspect.self,
            Analyze.self,
        ]
    )
}

enum CellQAVersion {
    static let string = "0.1.0"
}
