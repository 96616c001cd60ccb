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

    public init(kind: Kind = .quiescence, marker: String = "scan.done", expectedSlices: Int? = nil,
                quiescenceSeconds: Double = 30, stallTimeoutSeconds: Double = 1800) {
        self.kind = kind
        self.marker = marker
        self.expectedSlices = expectedSlices
        self.quiescenceSeconds = quiescenceSeconds
        self.stallTimeoutSeconds = stallTimeoutSeconds
    }

    enum CodingKeys: String, CodingKey {
        case kind = "rule", marker, expectedSlices = "expected_slices"
        case quiescenceSeconds = "quiescence_seconds", stallTimeoutSeconds = "stall_timeout_seconds"
    }
}
