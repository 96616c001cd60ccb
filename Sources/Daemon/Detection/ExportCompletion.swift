/// When a scan being exported counts as complete (config `[completion] rule`). A scan is never complete while
/// its file sizes or modification times still change (`WatchSettings.settle`).
public enum ExportCompletion: Sendable, Equatable {
    /// A marker file written by the scanner after the last slice: a file inside
    /// the scan folder matching one of the glob patterns (fnmatch, e.g. `*.done`,
    /// `*.xtekct`), or one beside the folder or file named `<scan>.<anything>`
    /// matching a pattern (e.g. `cell42.done`). The marker must be no older than
    /// the newest slice, so a marker left from an earlier export does not count.
    case marker(patterns: [String])
    /// As many TIFF slices as the scan's sidecar says (`"slices": N` in
    /// `cellqa.json` inside the scan folder or `<scan>.json` beside it), else
    /// `configured` (the same for every scan). A multi-page file has no slice
    /// files to count and is judged by quiescence of `settle` instead.
    case sliceCount(configured: Int?)
    /// No change to names, sizes or modification times for this many seconds.
    case quiescence(seconds: Double)

    /// Words for logs and stall reasons.
    public var summary: String {
        switch self {
        case .marker(let patterns): return "marker file (\(patterns.joined(separator: ", ")))"
        case .sliceCount(let configured):
            return "the slice count of the sidecar" + (configured.map { " (else \($0))" } ?? "")
        case .quiescence(let seconds): return "no change for \(Self.format(seconds)) s"
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
