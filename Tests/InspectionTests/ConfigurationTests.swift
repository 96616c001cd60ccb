import Analysis
import CellQATestKit
import Foundation
import Inspection
import Testing

@Suite("Configuration and tolerance tables")
struct ConfigurationTests {
    /// Writes `text` to `name` in `dir` and returns the path.
    func write(_ text: String, _ name: String, in dir: TemporaryDirectory) throws -> String {
        let path = dir.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func errors(_ body: () throws -> Void) -> [ConfigError] {
        do { try body(); return [] } catch { return (error as? ConfigErrors)?.errors ?? [] }
    }

    @Test("the shipped tolerance tables load; 18650 holds the published figures")
    func shippedTables() throws {
        let tables = try ToleranceTableLoader.loadAll(folder: Fixtures.configFolder.appendingPathComponent("tolerances").path)
        #expect(tables.keys.sorted() == ["18650", "21700", "4680", "example", "phantom"])
        let t18650 = try #require(tables["18650"]?.limits)
        #expect(t18650[.canOuterDiameter]?.lower == 17.8 && t18650[.canOuterDiameter]?.upper == 18.2)
        #expect(t18650[.canWallThicknessMean]?.lower == 0.22 && t18650[.canWallThicknessMean]?.upper == 0.28)
        #expect(t18650[.overhangNegativeCount]?.upper == 0)
        #expect(tables["21700"]?.limits[.canOuterDiameter]?.upper == 21.25)
        #expect(tables["4680"]?.limits[.canWallThicknessMean]?.lower == 0.5)
        #expect(tables["4680"]?.limits[.canWallThicknessMean]?.upper == 0.6)
    }

    @Test("the shipped daemon config parses with its documented values")
    func shippedConfig() throws {
        let config = try ConfigurationLoader.load(path: Fixtures.configFolder.appendingPathComponent("cellqa.toml").path, checkFolders: false)
        #expect(config.completion.kind == .quiescence)
        #expect(config.completion.quiescenceSeconds == 30)
        #expect(config.quality.maxTiltDeg == 1.0)
        #expect(config.defaultFormat == "18650")
        #expect(config.tolerancesFolder == Fixtures.configFolder.appendingPathComponent("tolerances").path)
        #expect(config.hash.count == 64)
    }

    @Test("syntax error: file and line from the TOML parser")
    func syntax() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("format = \"18650\"\n\n[can.outer_diameter_mm\nlower = 17.8\n", "bad.toml", in: dir)
        let found = errors { try _ = ToleranceTableLoader.load(path: path) }
        #expect(found.count == 1)
        #expect(found.first?.kind == .syntax)
        #expect(found.first?.line == 3)
        #expect(found.first?.description.hasPrefix("\(path):3: TOML syntax") == true)
    }

    @Test("unknown metric id: did you mean, with file and line")
    func unknownMetric() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("""
        format = "18650"

        [can.outer_diameter_mm]
        lower = 17.8

        [can.wall_thikness_min_mm]
        lower = 0.2
        """, "t.toml", in: dir)
        let found = errors { try _ = ToleranceTableLoader.load(path: path) }
        #expect(found.map(\.description) == [
            "\(path):6: unknown metric id `can.wall_thikness_min_mm`; did you mean `can.wall_thickness_min_mm`?",
        ])
        #expect(found.first?.kind == .unknownMetric)
    }

    @Test("unknown metric id written as a quoted key on one line")
    func unknownMetricInline() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("format = \"x\"\n# comment\n\"can.max_dnet_mm\" = { upper = 0.1 }\n", "t.toml", in: dir)
        let found = errors { try _ = ToleranceTableLoader.load(path: path) }
        #expect(found.map(\.description) == ["\(path):3: unknown metric id `can.max_dnet_mm`; did you mean `can.max_dent_mm`?"])
    }

    @Test("unknown key inside a metric: did you mean")
    func unknownKey() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("[can.outer_diameter_mm]\nlower = 17.8\nuper = 18.2\n", "t.toml", in: dir)
        let found = errors { try _ = ToleranceTableLoader.load(path: path) }
        #expect(found.map(\.description) == ["\(path):3: unknown key `can.outer_diameter_mm.uper`; did you mean `upper`?"])
        #expect(found.first?.kind == .unknownKey)
    }

    @Test("wrong type: said plainly (TOMLKit alone would say key not found)")
    func wrongType() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("[can.outer_diameter_mm]\nlower = \"17.8\"\nupper = 18.2\n", "t.toml", in: dir)
        let found = errors { try _ = ToleranceTableLoader.load(path: path) }
        #expect(found.map(\.description) == ["\(path):2: `can.outer_diameter_mm.lower` must be a number, found a string \"17.8\""])
        #expect(found.first?.kind == .wrongType)
    }

    @Test("lower greater than upper")
    func lowerAboveUpper() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("[can]\nwall_thickness_mean_mm = { lower = 0.28, upper = 0.22 }\n", "t.toml", in: dir)
        let found = errors { try _ = ToleranceTableLoader.load(path: path) }
        #expect(found.map(\.description) == [
            "\(path):2: `can.wall_thickness_mean_mm.lower` = 0.28 is greater than `upper` = 0.22: swap them",
        ])
        #expect(found.first?.kind == .invalidValue)
    }

    @Test("missing folder in the daemon config, and an unknown key with did-you-mean")
    func missingFolder() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("tolerances"), withIntermediateDirectories: true)
        let path = try write("""
        [folders]
        export = "no-such-export"
        results = "results"
        database = "cellqa.sqlite"
        tolerances = "tolerances"

        [inspection]
        concurency = 2
        """, "cellqa.toml", in: dir)
        let found = errors { try _ = ConfigurationLoader.load(path: path) }
        #expect(found.map(\.kind) == [.missingFolder, .unknownKey])
        #expect(found.first?.line == 2)
        #expect(found.first?.description.hasPrefix("\(path):2: `folders.export`: missing folder \(dir.file("no-such-export"))") == true)
        #expect(found.last?.description == "\(path):8: unknown key `inspection.concurency`; did you mean `concurrency`?")
    }

    @Test("slice_pitch_mm: the slice step in mm, per volume (0.5 mm by default); slice_step overrides it; bad values are errors")
    func slicePitch() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let folders = "[folders]\nexport = \".\"\nresults = \".\"\ndatabase = \"db.sqlite\"\ntolerances = \".\"\n"
        // Built in: 0.5 mm, every 26th slice at 0.019 mm (production phantom), every 7th at 0.06794 mm (cell_vol).
        let defaults = try ConfigurationLoader.load(path: try write(folders, "default.toml", in: dir), checkFolders: false)
        #expect(defaults.analysis.slicePitchMM == 0.5 && defaults.analysis.sliceStep == nil)
        #expect(defaults.analysis.sliceStep(sliceMM: 0.019) == 26)
        #expect(defaults.analysis.sliceStep(sliceMM: 0.06794) == 7)
        #expect(defaults.analysis.sliceStep(sliceMM: 2) == 1)
        let path = try write(folders + "[analysis]\nslice_pitch_mm = 0.3\n", "cellqa.toml", in: dir)
        let config = try ConfigurationLoader.load(path: path, checkFolders: false)
        #expect(config.analysis.sliceStep(sliceMM: 0.019) == 16)
        let fixed = try ConfigurationLoader.load(path: try write(folders + "[analysis]\nslice_step = 10\n", "step.toml", in: dir),
                                                 checkFolders: false)
        #expect(fixed.analysis.sliceStep(sliceMM: 0.019) == 10 && fixed.analysis.sliceStep(sliceMM: 0.06794) == 10)
        for (name, text, key) in [("bad.toml", "slice_pitch_mm = -1", "slice_pitch_mm"), ("zero.toml", "slice_step = 0", "slice_step"),
                                  ("both.toml", "slice_step = 10\nslice_pitch_mm = 0.5", "both set")] {
            let bad = try write(folders + "[analysis]\n\(text)\n", name, in: dir)
            let found = errors { try _ = ConfigurationLoader.load(path: bad, checkFolders: false) }
            #expect(found.count == 1 && found.first?.description.contains(key) == true, "\(name): \(found)")
        }
    }

    @Test("sweep_seconds and file_events: the export folder walked every 60 s with file events by default; bad values are errors")
    func sweep() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let folders = "[folders]\nexport = \".\"\nresults = \".\"\ndatabase = \"db.sqlite\"\ntolerances = \".\"\n"
        let defaults = try ConfigurationLoader.load(path: try write(folders, "default.toml", in: dir), checkFolders: false)
        #expect(defaults.completion.sweepSeconds == 60 && defaults.completion.fileEvents)
        let share = try ConfigurationLoader.load(
            path: try write(folders + "[completion]\nsweep_seconds = 15\nfile_events = false\n", "share.toml", in: dir), checkFolders: false)
        #expect(share.completion.sweepSeconds == 15 && !share.completion.fileEvents)
        let bad = try write(folders + "[completion]\nsweep_seconds = 0\n", "bad.toml", in: dir)
        let found = errors { try _ = ConfigurationLoader.load(path: bad, checkFolders: false) }
        #expect(found.count == 1 && found.first?.description.contains("sweep_seconds") == true, "\(found)")
    }

    @Test("wrong type and bad values in the daemon config")
    func daemonConfigTypes() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let path = try write("""
        [folders]
        export = "."
        results = "."
        database = "db.sqlite"
        tolerances = "."

        [completion]
        rule = "quiesence"
        quiescence_seconds = "30"

        [quality]
        max_tilt_deg = -1
        """, "cellqa.toml", in: dir)
        let found = errors { try _ = ConfigurationLoader.load(path: path) }
        #expect(found.map(\.description) == [
            "\(path):8: `completion.rule` = \"quiesence\" is not a completion rule; did you mean `quiescence`?",
            "\(path):9: `completion.quiescence_seconds` must be a number, found a string \"30\"",
            "\(path):12: `quality.max_tilt_deg` must be ≥ 0, found -1.0",
        ])
    }
}
