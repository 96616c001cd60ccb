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

    func run() async throws {
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
