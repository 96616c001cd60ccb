/// One unit of work for the inspection workers.
public struct InspectionJob: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case inspect
        /// Record ERROR without inspecting.
        case recordError(reason: String)
    }

    public var candidate: ScanCandidate
    public var kind: Kind

    public init(candidate: ScanCandidate, kind: Kind) {
        self.candidate = candidate
        self.kind = kind
    }

    public init(_ detected: DetectedScan) {
        candidate = detected.candidate
        switch detected.state {
        case .complete: kind = .inspect
        case .stalled(let reason): kind = .recordError(reason: reason)
        }
    }

    /// Scan id and content fingerprint: at most one record per key.
    public var key: Key { Key(scanID: candidate.id, fingerprint: candidate.fingerprint) }

    public struct Key: Sendable, Hashable {
        public var scanID: String
        public var fingerprint: String
    }
}
