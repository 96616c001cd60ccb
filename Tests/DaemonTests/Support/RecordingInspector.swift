import Daemon
import Foundation
import Inspection
import Synchronization

/// Test double of the pipeline: records every call with what the scan folder
/// held at that moment, "judges" PASS after `work`, and marks the ledger, as the
/// real inspector's record write does.
final class RecordingInspector: ScanInspecting {
    struct Call: Sendable {
        var scanID: String
        var fingerprint: String
        var kind: String
        /// TIFF files present when the inspection started.
        var slicesAtCall: Int
        var reason: String?
    }

    let ledger: MemoryLedger
    let work: Duration
    private let state = Mutex<(calls: [Call], active: Int, maxActive: Int)>(([], 0, 0))

    init(ledger: MemoryLedger, work: Duration = .milliseconds(20)) {
        self.ledger = ledger
        self.work = work
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var maxConcurrent: Int { state.withLock { $0.maxActive } }

    func inspect(_ scan: ScanCandidate) async -> InspectionSummary? {
        await run(scan, kind: "inspect", reason: nil, verdict: .pass)
    }

    func recordError(_ scan: ScanCandidate, reason: String) async -> InspectionSummary? {
        await run(scan, kind: "error", reason: reason, verdict: .error)
    }

    private func run(_ scan: ScanCandidate, kind: String, reason: String?, verdict: Verdict) async -> InspectionSummary? {
        let present = ScanSnapshot.take(path: scan.path, layout: scan.layout)?.sliceCount ?? 0
        state.withLock { s in
            s.calls.append(Call(scanID: scan.id, fingerprint: scan.fingerprint, kind: kind, slicesAtCall: present, reason: reason))
            s.active += 1
            s.maxActive = max(s.maxActive, s.active)
        }
        try? await Task.sleep(for: work)
        state.withLock { $0.active -= 1 }
        if Task.isCancelled { return nil }
        // An inspection opens the volume (its slice count is recorded); a stall record does not.
        ledger.record(scanID: scan.id, fingerprint: scan.fingerprint, slices: kind == "inspect" ? present : nil)
        return InspectionSummary(scanID: scan.id, verdict: verdict, message: reason ?? "test inspector")
    }
}

/// In-memory ledger: what the SQLite log answers in production.
final class MemoryLedger: InspectionLedger {
    private let keys = Mutex<Set<String>>([])
    private let slices = Mutex<[String: Int?]>([:])

    func record(scanID: String, fingerprint: String, slices count: Int? = nil) {
        _ = keys.withLock { $0.insert(scanID + "|" + fingerprint) }
        slices.withLock { $0[scanID] = .some(count) }
    }

    func hasRecord(scanID: String, fingerprint: String) async throws -> Bool {
        keys.withLock { $0.contains(scanID + "|" + fingerprint) }
    }

    func judgedSliceCount(scanID: String) async throws -> Int? {
        slices.withLock { $0[scanID] ?? nil }
    }

    var count: Int { keys.withLock { $0.count } }
}

/// Names, sizes and modification times of every regular file below `path`, as
/// text: the same information the production fingerprint hashes.
@Sendable func testFingerprint(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CocoaError(.fileNoSuchFile)
    }
    let names = isDirectory.boolValue ? try FileManager.default.subpathsOfDirectory(atPath: path).sorted() : [""]
    return names.compactMap { name -> String? in
        let full = name.isEmpty ? path : path + "/" + name
        guard let stamp = FileStamp.of(full), stamp.isRegularFile else { return nil }
        return "\(name)\t\(stamp.size)\t\(stamp.modifiedNanoseconds)"
    }.joined(separator: "\n")
}
