import Foundation
import Inspection

/// A scan the detector found complete (or stalled), ready to be queued.
public struct ScanCandidate: Sendable, Hashable {
    /// How the scan is stored.
    public enum Layout: String, Sendable, Hashable {
        /// A folder of single-slice TIFF files (any folder below the export root
        /// that directly holds TIFF files).
        case sliceFolder
        /// One multi-page TIFF file directly in the export root.
        case multiPageFile
    }

    /// The scan id, by the one rule of `Inspection.ScanID` (relative to the
    /// export root): unique per path, stable across restarts.
    public var id: String
    public var path: String
    public var layout: Layout
    /// Identity of the scan's files (names, sizes, modification times): a
    /// re-export has a new one and is judged again.
    public var fingerprint: String
    /// TIFF files found (1 for a multi-page file).
    public var sliceCount: Int

    public init(id: String, path: String, layout: Layout, fingerprint: String, sliceCount: Int) {
        self.id = id
        self.path = path
        self.layout = layout
        self.fingerprint = fingerprint
        self.sliceCount = sliceCount
    }
}

/// Computes a scan's content fingerprint from its path without reading the
/// slices (the daemon passes `Inspection.ScanFingerprint.compute`, the same
/// function the inspector stores in the record, so ledger look-ups match).
public typealias ScanFingerprinting = @Sendable (_ path: String) throws -> String
