import Analysis
import CellQATestKit
import Foundation
import Inspection
import Testing

/// The real example volume `cell_vol` through the production composition with the
/// shipped configuration (automatic levels): it is a good cell and must PASS, with
/// the can where the method puts it. A change that lets the header slices into the
/// can body (dent 0.46 mm, wall 0.04 mm) or breaks a level shows here first.
@Suite struct ExampleVolumeInspectionTests {
    @Test(SharedData.required) func cellVolPassesWithTheShippedConfiguration() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = dir.url.appendingPathComponent("EXAMPLE01_example")
        try FileManager.default.createDirectory(at: scan, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: SharedData.path("cell_vol"))
        // Hard links (a copy across file systems): a symbolic link out of the scan's
        // folder is refused like one out of the export folder (`ScanFile`).
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".tif") {
            let from = source.appendingPathComponent(name), to = scan.appendingPathComponent(name)
            do { try FileManager.default.linkItem(at: from, to: to) } catch { try FileManager.default.copyItem(at: from, to: to) }
        }
        // 0.03397 mm in-plane; the example's axis 0 was down-sampled by 2 (docs/method.md, Input).
        let sidecar = #"{"voxel_size_mm": [0.03397, 0.03397, 0.06794], "serial": "EXAMPLE01", "format": "example"}"#
        try Data(sidecar.utf8).write(to: scan.appendingPathComponent("cellqa.json"))
        let config = SharedData.repositoryRoot.appendingPathComponent("config/cellqa.toml").path
        let (configuration, tables) = try ConfigurationLoader.loadWithTolerances(path: config, checkFolders: false)
        let record = await StandardPipeline.inspector(configuration, tolerances: tables).inspect(path: scan.path).record
        #expect(record.verdict == .pass, "\(record.reasons)")
        func value(_ id: MetricID) -> Double? { record.metrics.first { $0.metric == id }?.value }
        // The reference on the body slice im075 gives 21.1992 mm; the mean over the body
        // stays within 0.05 mm (1.5 px) of it.
        let diameter = try #require(value(.canOuterDiameter))
        #expect(abs(diameter - 21.1992) < 0.05, "outer diameter \(diameter) mm")
        let dent = try #require(value(.canMaxDent))
        #expect(dent < 0.05, "max dent \(dent) mm: the header must stay out of the can body")
        #expect(value(.overhangNegativeCount) == 0)
    }
}
