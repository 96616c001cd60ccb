import Foundation
import Inspection
#if canImport(Glibc)
import Glibc
#endif

/// Writes one folder per judgement, `results/<yyyy-mm-dd>/<scan-id>/` for the
/// first judgement of the scan that day, `<scan-id>--j2`, `--j3`… for the next
/// ones, with `record.json`, `measurements.csv`, every artefact (PNG/SVG) and
/// `report.html`, atomically (see `AtomicDirectory`). A judgement never replaces
/// another's folder (issue 19 item 4): writing the same outcome again rewrites
/// its own folder, a new judgement gets a new one. (`--` never occurs in a plain
/// scan id and a hashed id ends in hex digits, so `--jN` cannot be a scan's id.)
///
/// `results/current/<scan-id>` is a symbolic link to the folder of the scan's
/// current (latest) judgement; the folder it pointed at before gets a
/// `superseded.json` naming the judgement that replaced it, so an old day's
/// folder is never taken for the current one.
public struct ResultsFolderSink: ResultSink {
    public let root: URL
    public var name: String { "results folder" }

    /// In a superseded judgement's folder: which judgement is current instead.
    public static let supersededFile = "superseded.json"
    /// Below the root: one link per scan to its current judgement's folder.
    public static let currentFolder = "current"

    public init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
    }

    /// The folder of `record`'s judgement: where it was written, or else where
    /// it would be written now (the next free name of its day).
    public func folder(for record: InspectionRecord) -> URL {
        if let written = writtenFolder(for: record) { return written }
        let folders = judgementFolders(scanID: record.scan.id, day: record.day)
        return dayFolder(record.day).appendingPathComponent(Self.folderName(record.scan.id, judgement: folders.count + 1))
    }

    /// The judgement folders of `scanID` on `day`, in the order written.
    public func judgementFolders(scanID: String, day: String) -> [URL] {
        var folders: [URL] = []
        for n in 1... {
            let url = dayFolder(day).appendingPathComponent(Self.folderName(scanID, judgement: n))
            guard FileManager.default.fileExists(atPath: url.path) else { return folders }
            folders.append(url)
        }
        return folders
    }

    /// The link to the folder of `scanID`'s current judgement.
    public func currentLink(scanID: String) -> URL {
        root.appendingPathComponent(Self.currentFolder, isDirectory: true).appendingPathComponent(scanID)
    }

    /// `<scan-id>` for the day's first judgement, `<scan-id>--jN` for the N-th.
    public static func folderName(_ scanID: String, judgement n: Int) -> String {
        n == 1 ? scanID : "\(scanID)--j\(n)"
    }

    public func write(_ outcome: InspectionOutcome) async throws {
        let record = outcome.record
        var files = try Self.files(for: outcome)
        let folder: URL
        if let written = writtenFolder(for: record) {
            // The same judgement again: its folder is rewritten, keeping its place in history.
            let marker = written.appendingPathComponent(Self.supersededFile)
            if let data = FileManager.default.contents(atPath: marker.path) { files.append((Self.supersededFile, data)) }
            try AtomicDirectory.publish(files, at: written)
            folder = written
        } else {
            folder = try AtomicDirectory.publishNew(files, in: dayFolder(record.day)) {
                Self.folderName(record.scan.id, judgement: $0)
            }
        }
        try makeCurrent(record, folder: folder)
    }

    /// The folder's files, by name.
    public static func files(for outcome: InspectionOutcome) throws -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [
            ("record.json", try outcome.record.jsonData()),
            ("measurements.csv", Data(MeasurementsCSV.text(for: outcome.record).utf8)),
        ]
        for artefact in outcome.artefacts { files.append((artefact.name, artefact.data)) }
        files.append(("report.html", Data(ScanReportPage(outcome: outcome).html().utf8)))
        return files
    }

    /// Reads back a record written by this sink.
    public static func readRecord(in folder: URL) throws -> InspectionRecord {
        try InspectionRecord.decode(from: Data(contentsOf: folder.appendingPathComponent("record.json")))
    }

    // MARK: - judgements and the current link

    private func dayFolder(_ day: String) -> URL { root.appendingPathComponent(day, isDirectory: true) }

    /// The folder already holding exactly this judgement (same scan, start time
    /// to the millisecond as in `record.json`, and fingerprint).
    private func writtenFolder(for record: InspectionRecord) -> URL? {
        judgementFolders(scanID: record.scan.id, day: record.day).first { folder in
            guard let written = try? Self.readRecord(in: folder) else { return false }
            return Self.isSameJudgement(written, record)
        }
    }

    static func isSameJudgement(_ a: InspectionRecord, _ b: InspectionRecord) -> Bool {
        a.scan.id == b.scan.id && a.fingerprint == b.fingerprint
            && InspectionRecord.timestamp(a.inspectedAt) == InspectionRecord.timestamp(b.inspectedAt)
    }

    /// Points `current/<scan-id>` at `folder` unless the judgement there now is
    /// newer (an older judgement written again stays history), and marks the
    /// folder it pointed at as superseded.
    private func makeCurrent(_ record: InspectionRecord, folder: URL) throws {
        let link = currentLink(scanID: record.scan.id)
        let previous = Self.linkTarget(link)
        if previous?.standardizedFileURL.path == folder.standardizedFileURL.path { return }
        if let previous, let there = try? Self.readRecord(in: previous), there.inspectedAt > record.inspectedAt { return }
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        let target = "../" + folder.deletingLastPathComponent().lastPathComponent + "/" + folder.lastPathComponent
        let temporary = link.deletingLastPathComponent().appendingPathComponent(".\(record.scan.id).tmp-\(UUID().uuidString)")
        guard symlink(target, temporary.path) == 0 else {
            throw ResultsFolderError.cannotLink(link.path, errno: errno)
        }
        guard rename(temporary.path, link.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw ResultsFolderError.cannotRename(from: temporary.path, to: link.path, errno: code)
        }
        AtomicDirectory.syncDirectory(link.deletingLastPathComponent())
        if let previous, FileManager.default.fileExists(atPath: previous.path) {
            try Self.markSuperseded(previous, by: record, at: target)
        }
    }

    /// Writes `superseded.json` into `folder` (a temporary file renamed in: a
    /// reader sees none or all of it).
    static func markSuperseded(_ folder: URL, by record: InspectionRecord, at target: String) throws {
        let object: [String: String] = [
            "scan_id": record.scan.id,
            "superseded_by": String(target.dropFirst(3)), // <day>/<folder>, relative to the results root
            "superseded_at": InspectionRecord.timestamp(record.inspectedAt),
            "current_verdict": record.verdict.rawValue,
            "note": "this judgement is kept as history; the current one is results/\(currentFolder)/\(record.scan.id)",
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let temporary = folder.appendingPathComponent(".\(supersededFile).tmp-\(UUID().uuidString)")
        try AtomicDirectory.writeDurably(data, to: temporary)
        guard rename(temporary.path, folder.appendingPathComponent(supersededFile).path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw ResultsFolderError.cannotRename(from: temporary.path, to: folder.appendingPathComponent(supersededFile).path, errno: code)
        }
    }

    /// Where the link at `link` points, as a folder URL; nil when there is none.
    static func linkTarget(_ link: URL) -> URL? {
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) else { return nil }
        return URL(fileURLWithPath: destination, relativeTo: link.deletingLastPathComponent()).standardizedFileURL
    }
}
