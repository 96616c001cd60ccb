import Foundation
import Inspection

/// Decides when a scan in the export folder is complete, from file-system events
/// and periodic looks at the files (`evaluate`).
///
/// A scan touched by an event, or found by `discoverAll`, is *pending*. On each
/// `evaluate` every pending scan is listed again (names, sizes, modification
/// times; no contents read). Its last activity is the newest of: its newest file
/// modification time, and the moment a listing differed from the previous one.
/// It is complete when the `ExportCompletion` holds and it has been quiet for
/// `settle`; it is stalled when it has been quiet for `stallTimeout` without
/// completing. Either way it leaves the pending set; a later event brings it
/// back (a re-export then has a new fingerprint and is judged again, an
/// unchanged scan has the same one and the queue skips it).
///
/// A value type driven by one loop: no locks, and tests call it directly with
/// chosen times.
public struct ScanDetector: Sendable {
    struct Pending: Sendable {
        var layout: ScanCandidate.Layout
        var order: Int
        var lastActivity: Double
        var snapshot: ScanSnapshot?
    }

    public let layout: ScanLayout
    public var rule: ExportCompletion
    public var settle: Duration
    public var stallTimeout: Duration
    private let fingerprint: ScanFingerprinting
    private var pending: [String: Pending] = [:]
    private var nextOrder = 0

    public init(root: String, rule: ExportCompletion, settle: Duration, stallTimeout: Duration,
                fingerprint: @escaping ScanFingerprinting) {
        self.layout = ScanLayout(root: root)
        self.rule = rule
        self.settle = settle
        self.stallTimeout = stallTimeout
        self.fingerprint = fingerprint
    }

    public var pendingCount: Int { pending.count }
    public var pendingPaths: [String] { pending.sorted { $0.value.order < $1.value.order }.map(\.key) }

    public mutating func apply(_ settings: WatchSettings) {
        rule = settings.completion
        settle = settings.settle
        stallTimeout = settings.stallTimeout
    }

    /// Notes an event seen at `now` (seconds since 1970).
    public mutating func note(_ event: FileSystemEvent, now: Double) {
        switch event {
        case .fileChanged(let path):
            for scan in layout.scans(concerning: path) { touch(scan.path, scan.layout, activity: now) }
        case .directoryAppeared(let path):
            if path != layout.root { touch(path, .sliceFolder, activity: now) }
        case .directoryRemoved(let path):
            pending = pending.filter { $0.key != path && !$0.key.hasPrefix(path + "/") }
        case .rescanNeeded:
            discoverAll()
        case .rootLost:
            pending.removeAll()
        }
    }

    /// Makes every scan in the tree pending (at start and after lost events).
    /// Their activity is their files' own modification times, so a scan
    /// finished long ago is complete (or stalled) at the next `evaluate`.
    public mutating func discoverAll() {
        for scan in layout.allScans() { touch(scan.path, scan.layout, activity: 0) }
    }

    private mutating func touch(_ path: String, _ kind: ScanCandidate.Layout, activity: Double) {
        if var entry = pending[path] {
            entry.lastActivity = max(entry.lastActivity, activity)
            pending[path] = entry
        } else {
            pending[path] = Pending(layout: kind, order: nextOrder, lastActivity: activity, snapshot: nil)
            nextOrder += 1
        }
    }

    /// Looks at every pending scan; returns those now complete or stalled, in
    /// the order they were first seen.
    public mutating func evaluate(now: Double) -> [DetectedScan] {
        var detected: [DetectedScan] = []
        for path in pendingPaths {
            guard var entry = pending[path] else { continue }
            guard let snapshot = ScanSnapshot.take(path: path, layout: entry.layout),
                  snapshot.sliceCount > 0 else {
                pending[path] = nil // gone, or a folder without slices (yet): events bring it back
                continue
            }
            if let previous = entry.snapshot, previous != snapshot { entry.lastActivity = now }
            entry.snapshot = snapshot
            entry.lastActivity = max(entry.lastActivity, snapshot.newestModification ?? 0)
            pending[path] = entry
            let quiet = now - entry.lastActivity
            if let state = judge(path: path, entry: entry, snapshot: snapshot, quiet: quiet) {
                pending[path] = nil
                guard let print = try? fingerprint(path) else { continue }
                let candidate = ScanCandidate(id: ScanID.make(path: path, exportRoot: layout.root), path: path,
                                              layout: entry.layout, fingerprint: print, sliceCount: snapshot.sliceCount)
                detected.append(DetectedScan(candidate: candidate, state: state))
            }
        }
        return detected
    }

    private func judge(path: String, entry: Pending, snapshot: ScanSnapshot, quiet: Double) -> DetectedScan.State? {
        let settled = quiet >= settle.seconds
        switch rule {
        case .marker(let patterns):
            let markers = layout.markers(of: path, layout: entry.layout, snapshot: snapshot, patterns: patterns)
            let newestSlice = snapshot.newestSliceModification ?? 0
            if settled, markers.contains(where: { $0.modifiedSeconds >= newestSlice }) { return .complete }
        case .sliceCount(let configured):
            if entry.layout == .multiPageFile {
                if settled { return .complete }
            } else if let expected = layout.expectedSliceCount(of: path, layout: entry.layout) ?? configured,
                      snapshot.sliceCount >= expected, settled {
                return .complete
            }
        case .quiescence(let seconds):
            if quiet >= max(seconds, settle.seconds) { return .complete }
        }
        guard quiet >= stallTimeout.seconds else { return nil }
        return .stalled(reason: stallReason(path: path, entry: entry, snapshot: snapshot))
    }

    private func stallReason(path: String, entry: Pending, snapshot: ScanSnapshot) -> String {
        var have = "\(snapshot.sliceCount) slice\(snapshot.sliceCount == 1 ? "" : "s")"
        if case .sliceCount(let configured) = rule {
            if let expected = layout.expectedSliceCount(of: path, layout: entry.layout) ?? configured {
                have += " of \(expected)"
            } else {
                have += ", no slice count in cellqa.json or \(URL(fileURLWithPath: path).lastPathComponent).json"
            }
        }
        return "export stalled: \(have) and no change for \(ExportCompletion.format(stallTimeout.seconds)) s, "
            + "still waiting for \(rule.summary); re-export the scan (a new export is inspected again)"
    }
}
