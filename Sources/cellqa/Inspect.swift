import ArgumentParser
import Inspection

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inspect one scan (a folder of TIFF slices or a multi-page TIFF).")
    @Argument(help: "Scan folder or multi-page TIFF.") var path: String
    @Flag(help: "Print the record as JSON.") var json = false
    func run() async throws {
        throw ValidationError("not built yet")
    }
}
