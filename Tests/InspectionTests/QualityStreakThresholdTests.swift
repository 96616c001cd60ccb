import Analysis
import CellQATestKit
import Foundation
import Inspection
import Testing

/// `[quality] max_streak_index`: read from the config, handed to the quality
/// analysis, and judged on `quality.streak_index` with a remedy.
@Suite("Quality config: streak index limit")
struct QualityStreakThresholdTests {
    @Test("the shipped config and the defaults say 2")
    func defaults() throws {
        let config = try ConfigurationLoader.load(path: Fixtures.configFolder.appendingPathComponent("cellqa.toml").path,
                                                  checkFolders: false)
        #expect(config.quality.maxStreakIndex == 2.0)
        #expect(QualityThresholds().maxStreakIndex == 2.0)
    }

    @Test("a site's limit is read, passed to the analysis and judged with a remedy")
    func configured() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = dir.file("cellqa.toml")
        try """
        [folders]
        export = "."
        results = "."
        database = "db.sqlite"
        tolerances = "."

        [quality]
        max_streak_index = 3.5
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let quality = try ConfigurationLoader.load(path: path, checkFolders: false).quality
        #expect(quality.maxStreakIndex == 3.5)
        #expect(QualityGateStage(thresholds: quality).thresholds.maxStreakIndex == 3.5)
        let failed = quality.failedChecks(in: [Measurement(.qualityStreakIndex, 4.1, unit: "1"),
                                               Measurement(.qualityStreakIndex, 3.4, unit: "1")])
        #expect(failed.map(\.reason) == [
            "streak index 4.1 > 3.5: under-sampled reconstruction (too few projections); rescan with more projections",
        ])
        #expect(failed.map(\.code) == ["quality.streak_index"])
    }
}
