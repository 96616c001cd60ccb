import Foundation
import VolumeIO

/// A cheap identity of a scan's files: SHA-256 over the sorted list of
/// (relative name, size, modification time in ms) of every regular file in the
/// scan folder (or of the single file, and of the data file a raw-volume header
/// names). A re-exported scan with the same id gets
/// a new fingerprint, so the daemon inspects it again; an unchanged one is skipped.
/// Contents are not read: a scan is gigabytes, and exports replace files rather
/// than edit them in place.
public enum ScanFingerprint {
    public static func compute(path: String) throws -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScanError.notFound(path)
        }
        var entries: [String] = []
        if isDirectory.boolValue {
            let root = URL(fileURLWithPath: path)
            for name in try fm.subpathsOfDirectory(atPath: path).sorted() {
                guard let stamp = Stamp(root.appendingPathComponent(name).path), stamp.isRegular else { continue }
                entries.append(stamp.entry(name))
            }
        } else {
            guard let stamp = Stamp(path) else { throw ScanError.notFound(path) }
            entries.append(stamp.entry(URL(fileURLWithPath: path).lastPathComponent))
            // A raw volume's header may name its data file (`.nhdr`, `.mhd`, `.pcr`…):
            // a re-exported data file must change the fingerprint too. A header that
            // cannot be read is left for the loader to report.
            if RawVolume.canOpen(path), let layout = try? RawVolumeHeaders.layout(for: path), layout.dataPath != path,
               let data = Stamp(layout.dataPath) {
                entries.append(data.entry(URL(fileURLWithPath: layout.dataPath).lastPathComponent))
            }
        }
        return SHA256.hex(entries.joined(separator: "\n"))
    }

    /// Size, modification time and type from stat(2), links followed (as the slices are
    /// read). Not `FileManager.attributesOfItem`: it also resolves each file's owner name
    /// (the review saw /etc/passwd opened 2237 times for one scan); the fingerprint needs
    /// none of that, and stays the same string for regular files.
    struct Stamp {
        var size: Int64
        var modifiedSeconds: Double
        var isRegular: Bool

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            size = Int64(info.st_size)
            modifiedSeconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            isRegular = info.st_mode & S_IFMT == S_IFREG
        }

        /// "name, size, modification time in ms", tab-separated.
        func entry(_ name: String) -> String {
            "\(name)\t\(size)\t\(Int64((modifiedSeconds * 1000).rounded()))"
        }
    }
}

/// Why a scan path cannot be used.
public enum ScanError: Error, CustomStringConvertible, Equatable {
    case notFound(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "scan not found at \(path): check the path (a folder of TIFF slices or one multi-page TIFF)"
        }
    }
}
