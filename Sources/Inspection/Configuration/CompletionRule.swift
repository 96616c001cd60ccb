/// When the daemon considers an exported scan complete and starts inspecting it.
public struct CompletionRule: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A marker file (e.g. `scan.done`) appears in the scan folder.
        case marker
        /// The folder holds `expectedSlices` TIFF files.
        case sliceCount = "slice_count"
        /// No file changed for `quiescenceSeconds`.
        case quiescence
    }

    public var kind: Kind
    /// Marker file name, for `.marker`.
    public var marker: String
    /// Slice count, for `.sliceCount`.
    public var expectedSlices: Int?
    /// Seconds without change after which a scan is complete (`.quiescence`).
    public var quiescenceSeconds: Double
    /// Seconds without change after which an incomplete scan is given up as
    /// stalled (and recorded as ERROR), whatever the rule.
    public var stallTimeoutSeconds: Double
    /// Seconds between walks of the whole export folder, whatever the file events said:
    /// a folder unreadable when it appeared (`cp -a` sets permissions last) or written
    /// from another machine over a network share sends no event that finds it.
    public var sweepSeconds: Double
    /// Whether file events (inotify) are used; false: the sweep alone finds scans.
    public var fileEvents: Bool

    public init(kind: Kind = .quiescence, marker: String = "scan.done", expectedSlices: Int? = nil,
                quiescenceSeconds: Double = 30, stallTimeoutSeconds: Double = 1800, sweepSeconds: Double = 60,
                fileEvents: Bool = true) {
        self.kind = kind
        self.marker = marker
        self.expectedSlices = expectedSlices
        self.quiescenceSeconds = quiescenceSeconds
        self.stallTimeoutSeconds = stallTimeoutSeconds
        self.sweepSeconds = sweepSeconds
        self.fileEvents = fileEvents
    }

    enum CodingKeys: String, CodingKey {
        case kind = "rule", marker, expectedSlices = "expected_slices"
        case quiescenceSeconds = "quiescence_seconds", stallTimeoutSeconds = "stall_timeout_seconds"
        case sweepSeconds = "sweep_seconds", fileEvents = "file_events"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(Kind.self, forKey: .kind), marker: try c.decode(String.self, forKey: .marker),
                  expectedSlices: try c.decodeIfPresent(Int.self, forKey: .expectedSlices),
                  quiescenceSeconds: try c.decode(Double.self, forKey: .quiescenceSeconds),
                  stallTimeoutSeconds: try c.decode(Double.self, forKey: .stallTimeoutSeconds),
                  // Configurations recorded before the sweep existed: its defaults.
                  sweepSeconds: try c.decodeIfPresent(Double.self, forKey: .sweepSeconds) ?? 60,
                  fileEvents: try c.decodeIfPresent(Bool.self, forKey: .fileEvents) ?? true)
    }
}
