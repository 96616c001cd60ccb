/// What the detector concluded about a scan being exported.
public struct DetectedScan: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// Every slice is there and nothing changes any more: inspect it.
        case complete
        /// Nothing changed for the stall timeout and the scan is still not
        /// complete: record ERROR with this reason.
        case stalled(reason: String)
    }

    public var candidate: ScanCandidate
    public var state: State
}
