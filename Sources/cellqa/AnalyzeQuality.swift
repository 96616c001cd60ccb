import ArgumentParser
import Analysis
import Foundation

/// `cellqa analyze quality PATH`: is the scan measurable (the method's step 1)?
struct AnalyzeQuality: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Scan-quality gate: layer CNR, tilt, cupping, edge sharpness, streaks, per slice range.")

    @Argument(help: "Scan folder, multi-page TIFF or single slice.") var path: String
    @Option(help: "In-plane pixel size, mm (default: from the TIFF).") var pixelMm: Double?
    @Option(help: "Slice step along the axis, mm (default: the in-plane size).") var sliceMm: Double?
    @Option(help: "Analyse every k-th slice.") var step = 1
    @Option(help: "Grey level of the cell outline (default: Otsu per slice).") var outlineLevel: Float?
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Run the line's stage with this configuration, printing what `cellqa inspect --config` records for it (the other analysis options then do not apply).") var config: String?

    func validate() throws {
        if config != nil {
            let given: [(String, Bool)] = [("--pixel-mm", pixelMm != nil), ("--slice-mm", sliceMm != nil), ("--step", step != 1),
                                           ("--outline-level", outlineLevel != nil)]
            try LineAnalysis.refuse(given.filter(\.1).map(\.0), stage: "quality")
        }
    }

    func run() async throws {
        if let config { return try await LineAnalysis.run(stage: "quality", path: path, configPath: config, json: json) }
        let volume = try openScan(path, pixelMM: pixelMm, sliceMM: sliceMm)
        let parameters = ScanQualityParameters(sliceStep: step, outlineLevel: outlineLevel)
        let report = try await ScanQuality.analyze(volume, parameters: parameters)
        if json { return try printJSON(report) }
        for m in report.measurements {
            let u = m.uncertainty.map { String(format: " ± %.3f", $0) } ?? ""
            print(String(format: "%-24@ %10.3f%@ %@", m.id.rawValue, m.value, u, m.unit))
        }
        for r in report.details.ranges {
            print(String(format: "slices %4d–%-4d  CNR %@  edge %@ px  streaks %@", r.firstSlice, r.lastSlice,
                         r.medianCNR.map { String(format: "%.1f", $0) } ?? "–",
                         r.medianEdgeWidthPx.map { String(format: "%.2f", $0) } ?? "–",
                         r.medianStreakIndex.map { String(format: "%.2f", $0) } ?? "–"))
        }
        let failed = report.details.checks.filter { !$0.passed }
        print(failed.isEmpty ? "measurable: yes" : "measurable: NO")
        for check in failed { print("  \(check.reason)") }
    }
}
