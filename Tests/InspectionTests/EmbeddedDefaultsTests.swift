import CellQATestKit
import Foundation
import Testing
@testable import Inspection

/// The configuration built into the binary is the one in config/, byte for byte,
/// and parses to the same tables: `cellqa inspect` from any folder judges as the
/// checkout does.
@Suite struct EmbeddedDefaultsTests {
    static let config = SharedData.repositoryRoot.appendingPathComponent("config")

    @Test func embeddedFilesEqualConfigFolder() throws {
        let shipped = try String(contentsOf: Self.config.appendingPathComponent("cellqa.toml"), encoding: .utf8)
        #expect(EmbeddedDefaults.configuration + "\n" == shipped || EmbeddedDefaults.configuration == shipped,
                "config/cellqa.toml changed: run scripts/embed-defaults.sh")
        let folder = Self.config.appendingPathComponent("tolerances")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(names == EmbeddedDefaults.tolerances.keys.sorted(), "tolerance files changed: run scripts/embed-defaults.sh")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let embedded = try #require(EmbeddedDefaults.tolerances[name])
            #expect(embedded + "\n" == text || embedded == text, "\(name) changed: run scripts/embed-defaults.sh")
        }
    }

    @Test func embeddedTablesEqualTheFolder() throws {
        let fromFiles = try ToleranceTableLoader.loadAll(folder: Self.config.appendingPathComponent("tolerances").path)
        let embedded = try EmbeddedDefaults.tables()
        #expect(embedded.keys.sorted() == fromFiles.keys.sorted())
        for (format, table) in fromFiles {
            #expect(embedded[format]?.limits == table.limits, "\(format)")
            #expect(embedded[format]?.hash == table.hash, "\(format): same canonical hash")
        }
    }
}
