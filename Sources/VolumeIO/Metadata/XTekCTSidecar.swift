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

    /// Parses `path` (`INIFile`); nil if it is unreadable or has no positive
    /// `VoxelSizeX`. Missing or unusable Y or Z default to X.
    /// Read only if it passes `ScanFile` (a regular file or a link inside
    /// `boundary`, at most `ScanFile.sidecarLimit` bytes).
    public init?(path: String, boundary: String? = nil) {
        guard let data = try? ScanFile.readSidecar(path, boundary: boundary) else { return nil }
        let ini = INIFile(data: data)
        func size(_ key: String) -> Double? {
            ini.value(forKey: key).flatMap(Double.init).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        }
        guard let x = size("VoxelSizeX") else { return nil }
        self.path = path
        voxelSize = VoxelSize(x: x, y: size("VoxelSizeY") ?? x, z: size("VoxelSizeZ") ?? x)
    }

    /// The sidecar for a scan at `scanPath`: the only `*.xtekct` inside a slice
    /// folder, or `<stem>.xtekct` beside a multi-page file. nil if none, or if a
    /// folder holds several (ambiguous: the caller should pass the voxel size).
    public static func find(for scanPath: String, boundary: String? = nil) -> XTekCTSidecar? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scanPath, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: scanPath)) ?? []
            let sidecars = names.filter { !$0.hasPrefix(".") && ($0 as NSString).pathExtension.lowercased() == "xtekct" }
            guard sidecars.count == 1 else { return nil }
            return XTekCTSidecar(path: URL(fileURLWithPath: scanPath).appendingPathComponent(sidecars[0]).path, boundary: boundary)
        }
        let stem = (scanPath as NSString).deletingPathExtension
        return XTekCTSidecar(path: stem + ".xtekct", boundary: boundary)
    }
}
