import Foundation
import Imaging

/// The `.xtekct` file Nikon/X-Tek CT Pro writes beside a reconstruction: an INI
/// text whose `[XTekCT]` section gives `VoxelSizeX`, `VoxelSizeY`, `VoxelSizeZ`
/// in millimetres. Nikon TIFF exports carry no resolution tags, so this sidecar
/// is where their voxel size lives.
///
/// Only those three keys are read; everything else in the file is ignored.
public struct XTekCTSidecar: Sendable, Hashable {
    public let path: String
    public let voxelSize: VoxelSize

    /// Parses `path`; nil if it is unreadable or has no positive `VoxelSizeX`.
    /// Missing Y or Z default to X.
    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            return nil
        }
        var values: [String: Double] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let number = Double(value), number.isFinite, number > 0 { values[key] = number }
        }
        guard let x = values["voxelsizex"] else { return nil }
        self.path = path
        voxelSize = VoxelSize(x: x, y: values["voxelsizey"] ?? x, z: values["voxelsizez"] ?? x)
    }

    /// The sidecar for a scan at `scanPath`: the only `*.xtekct` inside a slice
    /// folder, or `<stem>.xtekct` beside a multi-page file. nil if none, or if a
    /// folder holds several (ambiguous: the caller should pass the voxel size).
    public static func find(for scanPath: String) -> XTekCTSidecar? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scanPath, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: scanPath)) ?? []
            let sidecars = names.filter { !$0.hasPrefix(".") && ($0 as NSString).pathExtension.lowercased() == "xtekct" }
            guard sidecars.count == 1 else { return nil }
            return XTekCTSidecar(path: URL(fileURLWithPath: scanPath).appendingPathComponent(sidecars[0]).path)
        }
        let stem = (scanPath as NSString).deletingPathExtension
        return XTekCTSidecar(path: stem + ".xtekct")
    }
}
