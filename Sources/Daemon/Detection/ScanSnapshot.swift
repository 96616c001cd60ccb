import Foundation

/// The regular files of one scan at one moment, and its TIFF-named links and
/// special files (slices the inspector will refuse, `ScanFile`): names with size
/// and modification time (of the entry itself, never followed or opened). Two
/// equal snapshots a while apart mean nobody wrote.
public struct ScanSnapshot: Sendable, Equatable {
    /// File name (inside the scan folder, or the file's own name) → stamp.
    public var files: [String: FileStamp]

    /// Reads the scan's files: the direct regular files of a slice folder, or the
    /// multi-page file itself. nil when the scan is gone.
    public static func take(path: String, layout: ScanCandidate.Layout) -> ScanSnapshot? {
        switch layout {
        case .multiPageFile:
            guard let stamp = FileStamp.of(path), !stamp.isDirectory else { return nil }
            return ScanSnapshot(files: [URL(fileURLWithPath: path).lastPathComponent: stamp])
        case .sliceFolder:
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
            var files: [String: FileStamp] = [:]
            for name in names {
                guard let stamp = FileStamp.of(path + "/" + name), !stamp.isDirectory else { continue }
                if stamp.isRegularFile || ScanLayout.isTIFF(name) { files[name] = stamp }
            }
            return ScanSnapshot(files: files)
        }
    }

    public var sliceNames: [String] { files.keys.filter(ScanLayout.isTIFF).sorted() }
    public var sliceCount: Int { files.keys.reduce(0) { $0 + (ScanLayout.isTIFF($1) ? 1 : 0) } }

    /// The newest modification time of any slice, in seconds since 1970.
    public var newestSliceModification: Double? {
        files.filter { ScanLayout.isTIFF($0.key) }.values.map(\.modifiedSeconds).max()
    }

    /// The newest modification time of any file, in seconds since 1970.
    public var newestModification: Double? { files.values.map(\.modifiedSeconds).max() }
}
