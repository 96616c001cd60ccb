import ArgumentParser
import Inspection

@main
struct CellQA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cellqa",
        abstract: "X-ray CT quality inspection of cylindrical Li-ion cells.",
        version: CellQAVersion.string,
        subcommands: [
            Inspect.self,
            Report.self,
            History.self,
            Show.self,
            ConfigCommand.self,
            Analyze.self,
            PhantomCommand.self,
            Demo.self,
            Validate.self,
            Watch.self,
            Serve.self,
        ]
    )
}
