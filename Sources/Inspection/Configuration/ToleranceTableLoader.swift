import Analysis
import Foundation

/// Reads tolerance tables from TOML.
///
/// A table file has optional top-level `format` (default: the file name without
/// `.toml`) and `description`, and one TOML table per metric, named by its id:
/// ```toml
/// format = "18650"
/// [can.outer_diameter_mm]
/// lower = 17.8
/// upper = 18.2
/// guard_band = 0.02   # optional: flags values this close to a limit
/// required = true     # optional (default true): ERROR when not measured
/// note = "datasheet 18.0 ± 0.2 mm"
/// ```
/// Every metric id is checked against `MetricID.all` (with a did-you-mean), every
/// value's type, and `lower ≤ upper`.
public enum ToleranceTableLoader {
    static let limitKeys = ["lower", "upper", "guard_band", "required", "note"]

    public static func load(path: String) throws(ConfigErrors) -> ToleranceTable {
        try load(try TOMLDocument(path: path))
    }

    /// A table from TOML text; `name` (e.g. `embedded:18650.toml`) names it in errors
    /// and, without a `format` key, gives the format.
    public static func load(text: String, name: String) throws(ConfigErrors) -> ToleranceTable {
        try load(try TOMLDocument(text: text, name: name))
    }

    private static func load(_ document: TOMLDocument) throws(ConfigErrors) -> ToleranceTable {
        let table = read(document)
        if !document.errors.isEmpty { throw ConfigErrors(document.errors) }
        return table
    }

    /// Every `*.toml` in `folder`, keyed by format; all files' errors together.
    public static func loadAll(folder: String) throws(ConfigErrors) -> [String: ToleranceTable] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".toml") }.sorted()
        } catch {
            throw ConfigErrors([ConfigError(kind: .missingFolder, file: folder, line: 0, key: nil,
                                            message: "tolerance folder cannot be read: create it or fix folders.tolerances")])
        }
        var tables: [String: ToleranceTable] = [:]
        var errors: [ConfigError] = []
        for name in names {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            do {
                let table = try load(path: path)
                if let earlier = tables[table.format] {
                    errors.append(ConfigError(kind: .invalidValue, file: path, line: 1, key: "format",
                                              message: "format `\(table.format)` is also defined by \(earlier.sourcePath ?? "another file"); one table per format"))
                }
                tables[table.format] = table
            } catch {
                errors += error.errors
            }
        }
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return tables
    }

    static func read(_ document: TOMLDocument) -> ToleranceTable {
        let root = document.rootSection
        let stem = URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
        let format = root.string("format") ?? stem
        let description = root.string("description")
        var limits: [MetricID: ToleranceLimit] = [:]
        for key in root.keys where key != "format" && key != "description" {
            guard let raw = root.value(key), raw.type == .table else {
                var message = "unknown key `\(key)`: a tolerance table holds `format`, `description` and one table per metric id"
                if let guess = EditDistance.suggestion(for: key, among: ["format", "description"]) { message += "; did you mean `\(guess)`?" }
                document.report(.unknownKey, [key], message)
                continue
            }
            collectMetrics(in: root.section(key)!, into: &limits)
        }
        return ToleranceTable(format: format, description: description, limits: limits, sourcePath: document.file)
    }

    /// A table whose entries are all tables is a family (`[can]`), walked down;
    /// any other table is one metric's limits, its id the dotted path.
    private static func collectMetrics(in section: TOMLSection, into limits: inout [MetricID: ToleranceLimit]) {
        let isFamily = !section.keys.isEmpty && section.keys.allSatisfy { section.value($0)?.type == .table }
        if isFamily {
            for key in section.keys { collectMetrics(in: section.section(key)!, into: &limits) }
            return
        }
        let id = MetricID(rawValue: section.path.joined(separator: "."))
        guard MetricID.all.contains(id) else {
            var message = "unknown metric id `\(id)`"
            if let guess = EditDistance.suggestion(for: id.rawValue, among: MetricID.all.map(\.rawValue)) {
                message += "; did you mean `\(guess)`?"
            } else {
                message += " (known ids: see MetricID.all, e.g. `can.outer_diameter_mm`)"
            }
            section.document.report(.unknownMetric, section.path, message)
            return
        }
        section.rejectUnknownKeys(allowed: limitKeys)
        var limit = ToleranceLimit(lower: section.double("lower"), upper: section.double("upper"),
                                   guardBand: section.double("guard_band"), required: section.bool("required") ?? true,
                                   note: section.string("note"))
        if limit.lower == nil, limit.upper == nil, !section.has("lower"), !section.has("upper") {
            section.document.report(.missingKey, section.path, "metric `\(id)` has neither `lower` nor `upper`: give at least one limit")
        }
        for (key, x) in [("lower", limit.lower), ("upper", limit.upper), ("guard_band", limit.guardBand)] {
            if let x, !x.isFinite { section.invalid(key, "must be finite, found \(x)") }
        }
        if let lower = limit.lower, let upper = limit.upper, lower > upper {
            section.invalid("lower", "= \(Formatting.number(lower)) is greater than `upper` = \(Formatting.number(upper)): swap them")
        }
        if let band = limit.guardBand, band < 0 {
            section.invalid("guard_band", "must be ≥ 0, found \(Formatting.number(band))")
            limit.guardBand = nil
        }
        limits[id] = limit
    }
}
