import Foundation
import Glibc
import VolumeIO

/// Where scans are in the export folder, and which scan a changed file belongs to.
///
/// The rule: a folder anywhere below the export root that directly holds TIFF
/// files is one scan (its slices); a TIFF file directly in the export root is one
/// multi-page scan. Other files (markers, sidecars) belong to the folder they are
/// in, or to the scan beside them whose name is their stem (`cell42.done` →
/// `cell42/` or `cell42.tif`). A TIFF name that is a link or a special file
/// counts as a slice too, so a folder of only links is found and judged (the
/// inspector refuses what `ScanFile` refuses, with a reason) instead of never
/// being seen.
public struct ScanLayout: Sendable {
    public let root: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    public static func isTIFF(_ name: String) -> Bool {
        let lower = name.lowercased()
        return (lower.hasSuffix(".tif") || lower.hasSuffix(".tiff")) && !lower.hasPrefix(".")
    }

    /// The scans a change of the file at `path` may concern (checked later: a
    /// folder without TIFF files is dropped then).
    public func scans(concerning path: String) -> [(path: String, layout: ScanCandidate.Layout)] {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        if Self.isTIFF(name) {
            return directory == root ? [(path, .multiPageFile)] : [(directory, .sliceFolder)]
        }
        var found: [(path: String, layout: ScanCandidate.Layout)] = []
        if directory != root, directory.hasPrefix(root + "/") { found.append((directory, .sliceFolder)) }
        for (scan, layout) in scansBeside(directory: directory, stemOf: name) { found.append((scan, layout)) }
        return found
    }

    /// Scans in `directory` whose name is the stem (text before the first dot)
    /// of `name`.
    func scansBeside(directory: String, stemOf name: String) -> [(String, ScanCandidate.Layout)] {
        guard let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init), !stem.isEmpty else { return [] }
        var found: [(String, ScanCandidate.Layout)] = []
        let folder = directory + "/" + stem
        if folder != directory + "/" + name, FileStamp.of(folder)?.isDirectory == true { found.append((folder, .sliceFolder)) }
        if directory == root {
            for ext in ["tif", "tiff", "TIF", "TIFF"] {
                let file = directory + "/" + stem + "." + ext
                if file != directory + "/" + name, let stamp = FileStamp.of(file), !stamp.isDirectory {
                    found.append((file, .multiPageFile))
                }
            }
        }
        return found
    }

    /// Every scan in the tree: folders with TIFF files below the root, and TIFF
    /// files in the root itself. Symbolic links are not followed.
    public func allScans() -> [(path: String, layout: ScanCandidate.Layout)] {
        var found: [(path: String, layout: ScanCandidate.Layout)] = []
        walk(root, isRoot: true, into: &found)
        return found
    }

    private func walk(_ directory: String, isRoot: Bool, into found: inout [(path: String, layout: ScanCandidate.Layout)]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var holdsSlices = false
        for name in names.sorted() {
            let path = directory + "/" + name
            guard let stamp = FileStamp.of(path) else { continue }
            if stamp.isDirectory {
                walk(path, isRoot: false, into: &found)
            } else if Self.isTIFF(name) {
                if isRoot { found.append((path, .multiPageFile)) } else { holdsSlices = true }
            }
        }
        if holdsSlices { found.append((directory, .sliceFolder)) }
    }

    /// Files inside or beside the scan that match one of the marker patterns and
    /// their stamps (fnmatch globs, e.g. `*.done`).
    func markers(of path: String, layout: ScanCandidate.Layout, snapshot: ScanSnapshot,
                 patterns: [String]) -> [FileStamp] {
        var stamps: [FileStamp] = []
        if layout == .sliceFolder {
            for (name, stamp) in snapshot.files where !Self.isTIFF(name) && Self.matches(name, patterns) {
                stamps.append(stamp)
            }
        }
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        let stem = layout == .multiPageFile ? url.deletingPathExtension().lastPathComponent : url.lastPathComponent
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in siblings where name.hasPrefix(stem + ".") && name != url.lastPathComponent
            && !Self.isTIFF(name) && Self.matches(name, patterns) {
            if let stamp = FileStamp.of(parent + "/" + name), stamp.isRegularFile { stamps.append(stamp) }
        }
        return stamps
    }

    static func matches(_ name: String, _ patterns: [String]) -> Bool {
        patterns.contains { fnmatch($0, name, 0) == 0 }
    }

    /// `"slices": N` from `cellqa.json` in the folder or `<scan>.json` beside it.
    func expectedSliceCount(of path: String, layout: ScanCandidate.Layout) -> Int? {
        let url = URL(fileURLWithPath: path)
        let stem = layout == .multiPageFile ? url.deletingPathExtension().lastPathComponent : url.lastPathComponent
        var candidates = [url.deletingLastPathComponent().appendingPathComponent(stem + ".json")]
        if layout == .sliceFolder { candidates.insert(url.appendingPathComponent("cellqa.json"), at: 0) }
        for candidate in candidates {
            // As the inspector reads sidecars: no FIFO (it would block this loop), no link out, at most 1 MiB.
            guard let data = try? ScanFile.readSidecar(candidate.path, boundary: root),
                  let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let slices = object["slices"] as? NSNumber else { continue }
            return slices.intValue
        }
        return nil
    }
}
