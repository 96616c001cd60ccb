import Analysis
import CellQATestKit
import Foundation
import Testing
@testable import Inspection

/// docs/metrics.md is the catalogue a reader finds a metric in, in one hop: it must list
/// exactly the ids of `MetricID.all`, with the unit the id's name promises, and name
/// exactly the shipped tolerance tables that judge each one.
@Suite struct MetricCatalogueTests {
    struct Row { var id: MetricID; var unit: String; var judgedBy: String }

    /// The rows of every table on the page whose first cell is a back-quoted metric id.
    static func rows() throws -> [Row] {
        let page = SharedData.repositoryRoot.appendingPathComponent("docs/metrics.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Row? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // "| `id` | unit | definition | judged by |" splits into 6 cells, the outer two empty.
            guard cells.count == 6, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { return nil }
            return Row(id: MetricID(rawValue: String(cells[1].dropFirst().dropLast())), unit: cells[2], judgedBy: cells[4])
        }
    }

    @Test func everyMetricHasExactlyOneRow() throws {
        let ids = try Self.rows().map(\.id)
        #expect(ids.count == Set(ids).count, "a metric listed twice")
        #expect(Set(ids) == Set(MetricID.all),
                "missing: \(Set(MetricID.all).subtracting(ids).sorted()), unknown: \(Set(ids).subtracting(MetricID.all).sorted())")
    }

    /// Dotted ids end in their unit: `_mm`, `_deg`, `_px`; counts say so; the rest are ratios ("1").
    @Test func unitsFollowTheIdNames() throws {
        for row in try Self.rows() {
            let name = row.id.rawValue
            let expected = name.hasSuffix("_mm") ? "mm" : name.hasSuffix("_deg") ? "deg" : name.hasSuffix("_px") ? "px"
                : name.hasSuffix("count") ? "count" : "1"
            #expect(row.unit == expected, "\(name): unit \(row.unit), the name says \(expected)")
        }
    }

    @Test func judgedByNamesTheShippedTables() throws {
        let folder = SharedData.repositoryRoot.appendingPathComponent("config/tolerances").path
        let tables = try ToleranceTableLoader.loadAll(folder: folder)
        for row in try Self.rows() where row.id.family != "quality" {
            let judging = tables.filter { $0.value.limits[row.id] != nil }.keys.sorted()
            let listed = row.judgedBy == "—" ? [] : row.judgedBy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
            #expect(listed == judging, "\(row.id): page says \(listed), config/tolerances judge it in \(judging)")
        }
    }

    /// Quality metrics are judged by the gate's `[quality]` keys, which must exist in the shipped configuration.
    @Test func qualityRowsNameKeysOfTheShippedConfiguration() throws {
        let config = try String(contentsOf: SharedData.repositoryRoot.appendingPathComponent("config/cellqa.toml"), encoding: .utf8)
        for row in try Self.rows() where row.id.family == "quality" {
            let key = row.judgedBy.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "[quality] ", with: "")
            #expect(config.contains("\n\(key) ="), "\(row.id): [quality] \(key) is not in config/cellqa.toml")
        }
    }
}
