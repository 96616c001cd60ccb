import Analysis
import Foundation

/// Reads and validates the daemon configuration and its tolerance tables at
/// start-up, reporting every problem with file, line and key.
public enum ConfigurationLoader {
    static let sections = ["folders", "completion", "inspection", "analysis", "quality"]

    /// The configuration in `path`. With `checkFolders`, the export and tolerance
    /// folders must exist, and the results folder and database must have an
    /// existing parent folder.
    public static func load(path: String, checkFolders: Bool = true) throws(ConfigErrors) -> DaemonConfiguration {
        let document = try TOMLDocument(path: path)
        let configuration = read(document, checkFolders: checkFolders)
        if !document.errors.isEmpty { throw ConfigErrors(document.errors) }
        return configuration
    }

    /// The configuration and every tolerance table of its folder, all errors together.
    public static func loadWithTolerances(path: String, checkFolders: Bool = true) throws(ConfigErrors)
        -> (DaemonConfiguration, [String: ToleranceTable])
    {
        let configuration = try load(path: path, checkFolders: checkFolders)
        let tables = try ToleranceTableLoader.loadAll(folder: configuration.tolerancesFolder)
        if let format = configuration.defaultFormat, tables[format] == nil {
            let document = try TOMLDocument(path: path)
            document.report(.invalidValue, ["inspection", "default_format"],
                            "`inspection.default_format` = \"\(format)\" has no table in \(configuration.tolerancesFolder) (have: \(tables.keys.sorted().joined(separator: ", ")))")
            throw ConfigErrors(document.errors)
        }
        return (configuration, tables)
    }

    static func read(_ document: TOMLDocument, checkFolders: Bool) -> DaemonConfiguration {
        let root = document.rootSection
        root.rejectUnknownKeys(allowed: sections)
        var config = DaemonConfiguration(sourcePath: document.file)
        let base = URL(fileURLWithPath: document.file).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
        }

        if let folders = root.section("folders") {
            folders.rejectUnknownKeys(allowed: ["export", "results", "database", "tolerances"])
            if let v = folders.string("export") { config.exportFolder = resolve(v) }
            if let v = folders.string("results") { config.resultsFolder = resolve(v) }
            if let v = folders.string("database") { config.databasePath = resolve(v) }
            if let v = folders.string("tolerances") { config.tolerancesFolder = resolve(v) }
            for key in ["export", "results", "database", "tolerances"] where !folders.has(key) {
                document.report(.missingKey, ["folders"], "`folders.\(key)` is missing: every folder must be set explicitly")
            }
            if checkFolders { checkFolderExistence(folders, config) }
        } else {
            document.report(.missingKey, [], "table `[folders]` is missing (export, results, database, tolerances)")
        }

        if let completion = root.section("completion") {
            completion.rejectUnknownKeys(allowed: ["rule", "marker", "expected_slices", "quiescence_seconds", "stall_timeout_seconds",
                                                   "sweep_seconds", "file_events"])
            if let rule = completion.string("rule") {
                if let kind = CompletionRule.Kind(rawValue: rule) { config.completion.kind = kind } else {
                    let names = CompletionRule.Kind.allCases.map(\.rawValue)
                    let guess = EditDistance.suggestion(for: rule, among: names).map { "; did you mean `\($0)`?" } ?? " (one of \(names.joined(separator: ", ")))"
                    completion.invalid("rule", "= \"\(rule)\" is not a completion rule\(guess)")
                }
            }
            if let v = completion.string("marker") { config.completion.marker = v }
            if let v = completion.int("expected_slices") {
                if v > 0 { config.completion.expectedSlices = v } else { completion.invalid("expected_slices", "must be > 0, found \(v)") }
            }
            if let v = completion.double("quiescence_seconds") {
                if v > 0 { config.completion.quiescenceSeconds = v } else { completion.invalid("quiescence_seconds", "must be > 0, found \(v)") }
            }
            if let v = completion.double("stall_timeout_seconds") {
                if v > 0 { config.completion.stallTimeoutSeconds = v } else { completion.invalid("stall_timeout_seconds", "must be > 0, found \(v)") }
            }
            if let v = completion.double("sweep_seconds") {
                if v > 0 { config.completion.sweepSeconds = v } else { completion.invalid("sweep_seconds", "must be > 0, found \(v)") }
            }
            if let v = completion.bool("file_events") { config.completion.fileEvents = v }
            if config.completion.kind == .sliceCount, config.completion.expectedSlices == nil, completion.string("rule") != nil {
                completion.invalid("rule", "= \"slice_count\" needs `completion.expected_slices`")
            }
        }

        if let inspection = root.section("inspection") {
            inspection.rejectUnknownKeys(allowed: ["concurrency", "default_format", "folder_pattern"])
            if let v = inspection.int("concurrency") {
                if v >= 1 { config.concurrency = v } else { inspection.invalid("concurrency", "must be ≥ 1, found \(v)") }
            }
            config.defaultFormat = inspection.string("default_format")
            if let pattern = inspection.string("folder_pattern") {
                if (try? NSRegularExpression(pattern: pattern)) != nil {
                    if !pattern.contains("(?<serial>") && !pattern.contains("(?<format>") {
                        inspection.invalid("folder_pattern", "has no named group `(?<serial>…)` or `(?<format>…)`")
                    } else {
                        config.folderPattern = pattern
                    }
                } else {
                    inspection.invalid("folder_pattern", "is not a valid regular expression: \(pattern)")
                }
            }
        }

        if let analysis = root.section("analysis") { readAnalysis(analysis, into: &config.analysis) }
        if let quality = root.section("quality") { readQuality(quality, into: &config.quality) }
        return config
    }

    private static func checkFolderExistence(_ folders: TOMLSection, _ config: DaemonConfiguration) {
        let fm = FileManager.default
        func isFolder(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        func report(_ key: String, _ message: String) {
            folders.document.report(.missingFolder, ["folders", key], message)
        }
        if folders.has("export"), !isFolder(config.exportFolder) {
            report("export", "`folders.export`: missing folder \(config.exportFolder): create it or point it at the scanner's export share")
        }
        if folders.has("tolerances"), !isFolder(config.tolerancesFolder) {
            report("tolerances", "`folders.tolerances`: missing folder \(config.tolerancesFolder): it must hold one <format>.toml per cell format")
        }
        let resultsParent = URL(fileURLWithPath: config.resultsFolder).deletingLastPathComponent().path
        if folders.has("results"), !isFolder(config.resultsFolder), !isFolder(resultsParent) {
            report("results", "`folders.results`: missing folder \(resultsParent) (parent of \(config.resultsFolder)): create it")
        }
        let databaseParent = URL(fileURLWithPath: config.databasePath).deletingLastPathComponent().path
        if folders.has("database"), !isFolder(databaseParent) {
            report("database", "`folders.database`: missing folder \(databaseParent) for the database file: create it")
        }
    }

    private static func readAnalysis(_ s: TOMLSection, into a: inout AnalysisParameters) {
        s.rejectUnknownKeys(allowed: ["can_threshold", "electrode_threshold", "slice_step", "slice_pitch_mm", "pixel_size_mm",
                                      "ransac_trials", "ransac_seed", "overhang_angle_step_deg", "dent_bins", "wall_definition"])
        a.canThreshold = s.double("can_threshold")
        a.electrodeThreshold = s.double("electrode_threshold")
        if let v = s.int("slice_step") { if v >= 1 { a.sliceStep = v } else { s.invalid("slice_step", "must be ≥ 1, found \(v)") } }
        if s.int("slice_step") != nil && s.double("slice_pitch_mm") != nil {
            s.invalid("slice_step", "and `analysis.slice_pitch_mm` both set: keep one (the pitch in mm is the default, 0.5)")
        }
        if let v = s.double("slice_pitch_mm") {
            if v > 0 && v < 100 { a.slicePitchMM = v } else { s.invalid("slice_pitch_mm", "must be a distance in mm (0 < x < 100), found \(v)") }
        }
        if let v = s.double("pixel_size_mm") {
            if v > 0 && v < 10 { a.defaultPixelSizeMM = v } else { s.invalid("pixel_size_mm", "must be a pixel size in mm (0 < x < 10), found \(v)") }
        }
        if let v = s.int("ransac_trials") { if v >= 1 { a.ransacTrials = v } else { s.invalid("ransac_trials", "must be ≥ 1, found \(v)") } }
        if let v = s.int("ransac_seed") { a.ransacSeed = v }
        if let v = s.double("overhang_angle_step_deg") {
            if v > 0 && v <= 90 { a.overhangAngleStepDeg = v } else { s.invalid("overhang_angle_step_deg", "must be in (0, 90], found \(v)") }
        }
        if let v = s.int("dent_bins") { if v >= 8 { a.dentBins = v } else { s.invalid("dent_bins", "must be ≥ 8, found \(v)") } }
        if let v = s.string("wall_definition") {
            if let d = CanSliceOptions.WallDefinition(rawValue: v) { a.wallDefinition = d } else {
                s.invalid("wall_definition", "must be \"edges\" (half-height edges, the default) or \"reference\" (the method's mask-border distance), found \"\(v)\"")
            }
        }
    }

    private static func readQuality(_ s: TOMLSection, into q: inout QualityThresholds) {
        s.rejectUnknownKeys(allowed: ["min_snr", "max_tilt_deg", "max_cupping", "max_edge_width_px", "max_streak_index"])
        func limit(_ key: String, _ current: Double?) -> Double? {
            guard s.has(key) else { return current }
            guard let v = s.double(key) else { return current }
            guard v >= 0 else { s.invalid(key, "must be ≥ 0, found \(v)"); return current }
            return v
        }
        q.minSNR = limit("min_snr", q.minSNR)
        q.maxTiltDeg = limit("max_tilt_deg", q.maxTiltDeg)
        q.maxCupping = limit("max_cupping", q.maxCupping)
        q.maxEdgeWidthPx = limit("max_edge_width_px", q.maxEdgeWidthPx)
        q.maxStreakIndex = limit("max_streak_index", q.maxStreakIndex)
    }
}
