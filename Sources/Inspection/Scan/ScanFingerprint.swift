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
            let names = try fm.subpathsOfDirectory(atPath: path).sorted()
            for name in names {
                let attributes = try fm.attributesOfItem(atPath: root.appendingPathComponent(name).path)
                guard (attributes[.type] as? FileAttributeType) == .typeRegular else { continue }
                entries.append(entry(name, attributes))
            }
        } else {
            entries.append(entry(URL(fileURLWithPath: path).lastPathComponent, try fm.attributesOfItem(atPath: path)))
            // A raw volume's header may name its data file (`.nhdr`, `.mhd`, `.pcr`…):
            // a re-exported data file must change the fingerprint too. A header that
            // cannot be read is left for the loader to report.
            if RawVolume.canOpen(path), let layout = try? RawVolumeHeaders.layout(for: path), layout.dataPath != path,
               let attributes = try? fm.attributesOfItem(atPath: layout.dataPath) {
                entries.append(entry(URL(fileURLWithPath: layout.dataPath).lastPathComponent, attributes))
            }
        }
        return SHA256.hex(entries.joined(separator: "\n"))
    }

    private static func entry(_ name: String, _ attributes: [FileAttributeKey: Any]) -> String {
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
        return "\(name)\t\(size)\t\(modified)"
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
