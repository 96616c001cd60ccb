import Analysis

/// One reason of a verdict: the words for people and a stable code for machines
/// (the database, the daily report's grouping, the journal's `CELLQA_REASON_CODE`).
///
/// Codes: a gate INVALID has its `QualityRule.code` (`quality.tilt_deg`); an
/// unmeasured required metric its `Unmeasured.code` (`winding.layers_merged`); a
/// failing metric its metric id (`can.max_dent_mm`); an ERROR `error.*`
/// (`ReasonCode`). See docs/record-schema.md.
public struct Reason: Sendable, Codable, Equatable, Hashable {
    public var code: String
    public var text: String

    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }
}

/// The stable codes of ERROR reasons, and the code of reasons recorded before
/// codes were (`unknown`). Never renamed: reports and queries group by them.
public enum ReasonCode {
    /// The scan's sidecars or folder name could not be read.
    public static let readMetadata = "error.read_metadata"
    /// The scan's files could not be read to fingerprint them.
    public static let readFiles = "error.read_files"
    /// The volume could not be opened.
    public static let openVolume = "error.open_volume"
    /// Nothing says which cell format the scan is.
    public static let cellFormatUnknown = "error.cell_format_unknown"
    /// No tolerance table for the scan's cell format.
    public static let noToleranceTable = "error.no_tolerance_table"
    /// Nothing gives the voxel size.
    public static let voxelSizeUnknown = "error.voxel_size_unknown"
    /// A metric the tolerance table requires was produced by no stage.
    public static let notMeasured = "error.not_measured"
    /// An export that stopped growing before it was complete (the daemon).
    public static let exportStalled = "error.export_stalled"
    /// A reason of a record written before reasons had codes.
    public static let unknown = "unknown"

    /// A stage threw or produced a non-finite value: `error.stage.<name>`.
    public static func stage(_ name: String) -> String { "error.stage.\(name)" }

    /// A failing metric's reason: the metric id.
    public static func metric(_ id: MetricID) -> String { id.rawValue }
}
