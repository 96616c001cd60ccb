import Foundation
import Imaging
import VolumeIO

/// Reads a scan's metadata from the files beside it, in this order (earlier wins,
/// value by value):
/// 1. a JSON sidecar: `cellqa.json` in the scan folder, or `<scan>.json` beside
///    the folder or file (`voxel_size_mm` as a number or `[x, y, z]`, `serial`,
///    `format`, `scan_date`);
/// 2. a Nikon `.xtekct` file (INI: `VoxelSizeX/Y/Z` in mm, `Name`);
/// 3. a Waygate `.pcr` file (INI: `VoxelSizeX/Y/Z` or an isotropic `Voxelsize`, in mm);
/// 4. the folder name matched against a configurable pattern with named groups
///    `serial` and `format` (also applied to the Nikon `Name`);
/// 5. configured defaults.
/// The voxel size found here overrides the TIFF resolution tags; defaults do not.
public struct ScanMetadataReader: Sendable {
    /// A regular expression (ICU syntax) with named groups `serial` and/or `format`.
    public var folderPattern: String?
    public var defaults: ScanMetadata
    /// The watched export folder: scan ids are made relative to it (`ScanID`), so
    /// `cellqa inspect` names a scan as the daemon does.
    public var exportRoot: String?

    public init(folderPattern: String? = nil, defaults: ScanMetadata = ScanMetadata(), exportRoot: String? = nil) {
        self.folderPattern = folderPattern
        self.defaults = defaults
        self.exportRoot = exportRoot
    }

    /// The id of the scan at `path` under this reader's export root.
    public func id(forPath path: String) -> String { Scan.id(forPath: path, exportRoot: exportRoot) }

    public func scan(at path: String) throws -> Scan {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw ScanError.notFound(absolute)
        }
        return Scan(id: id(forPath: absolute), path: absolute, metadata: try metadata(for: absolute, isDirectory: isDirectory.boolValue))
    }

    public func metadata(for path: String, isDirectory: Bool) throws -> ScanMetadata {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent()
        let stem = isDirectory ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent
        let inside: [URL] = isDirectory ? ((try? FileManager.default.contentsOfDirectory(
            at: url, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path } : []

        // Sidecars are read only as `ScanFile` allows: regular files or links inside
        // the export folder, at most `ScanFile.sidecarLimit` bytes.
        let boundary = ScanFile.boundary(of: path, exportRoot: exportRoot)
        var merged = ScanMetadata()
        let jsonCandidates = (isDirectory ? [url.appendingPathComponent("cellqa.json")] : [parent.appendingPathComponent("cellqa.json")])
            + [parent.appendingPathComponent(stem + ".json")]
        if let json = jsonCandidates.first(where: { ScanFile.exists($0.path) }) {
            merged = merged.filling(from: try Self.readJSONSidecar(json, boundary: boundary))
        }
        if let xtekct = Self.sidecar(withExtension: "xtekct", inside: inside, parent: parent, stem: stem) {
            merged = merged.filling(from: try readNikon(xtekct, boundary: boundary))
        }
        if let pcr = Self.sidecar(withExtension: "pcr", inside: inside, parent: parent, stem: stem) {
            merged = merged.filling(from: try Self.readWaygate(pcr, boundary: boundary))
        }
        if let pattern = folderPattern {
            merged = merged.filling(from: try Self.match(pattern: pattern, name: stem, source: .folderName))
        }
        return merged.filling(from: defaults)
    }

    private static func sidecar(withExtension ext: String, inside: [URL], parent: URL, stem: String) -> URL? {
        if let found = inside.first(where: { $0.pathExtension.lowercased() == ext }) { return found }
        let beside = parent.appendingPathComponent(stem + "." + ext)
        return ScanFile.exists(beside.path) ? beside : nil
    }

    // MARK: JSON sidecar

    static func readJSONSidecar(_ url: URL, boundary: String? = nil) throws -> ScanMetadata {
        let data = try ScanFile.readSidecar(url.path, boundary: boundary)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ScanMetadataError.malformed(file: url.path, reason: "not a JSON object")
        }
        var metadata = ScanMetadata(sidecars: [url.path])
        if let raw = object["voxel_size_mm"] {
            metadata.voxelSize = try voxelSize(fromJSON: raw, file: url.path)
            metadata.voxelSizeSource = .jsonSidecar
        }
        if let serial = object["serial"] {
            guard let text = serial as? String, !text.isEmpty else {
                throw ScanMetadataError.malformed(file: url.path, reason: "`serial` must be a non-empty string")
            }
            metadata.serial = text
            metadata.serialSource = .jsonSidecar
        }
        if let format = object["format"] {
            guard let text = (format as? String) ?? (format as? NSNumber).map({ "\($0.intValue)" }) else {
                throw ScanMetadataError.malformed(file: url.path, reason: "`format` must be a string such as \"18650\"")
            }
            metadata.cellFormat = text
            metadata.cellFormatSource = .jsonSidecar
        }
        if let date = object["scan_date"] as? String {
            metadata.scanDate = date
            metadata.scanDateSource = .jsonSidecar
        }
        return metadata
    }

    private static func voxelSize(fromJSON raw: Any, file: String) throws -> VoxelSize {
        let values: [Double]
        if let number = raw as? NSNumber, !(raw is Bool) {
            values = [number.doubleValue]
        } else if let array = raw as? [NSNumber], array.count == 3 {
            values = array.map(\.doubleValue)
        } else {
            throw ScanMetadataError.malformed(file: file, reason: "`voxel_size_mm` must be a number or [x, y, z] in mm")
        }
        guard values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ScanMetadataError.malformed(file: file, reason: "`voxel_size_mm` must be positive, found \(values)")
        }
        return values.count == 1 ? VoxelSize(isotropic: values[0]) : VoxelSize(x: values[0], y: values[1], z: values[2])
    }

    // MARK: INI sidecars

    func readNikon(_ url: URL, boundary: String? = nil) throws -> ScanMetadata {
        let ini = INIFile(data: try ScanFile.readSidecar(url.path, boundary: boundary))
        var metadata = ScanMetadata(sidecars: [url.path])
        if let size = try Self.voxelSize(from: ini, file: url.path) {
            metadata.voxelSize = size
            metadata.voxelSizeSource = .nikonXtekct
        }
        if let name = ini.value(forKey: "name"), !name.isEmpty {
            // A scan named by the operator: the site's folder pattern may split it
            // into serial and format; otherwise the whole name is the serial.
            let parsed = try folderPattern.map { try Self.match(pattern: $0, name: name, source: .nikonXtekct) } ?? ScanMetadata()
            if parsed.serial != nil || parsed.cellFormat != nil {
                metadata = metadata.filling(from: parsed)
            } else {
                metadata.serial = name
                metadata.serialSource = .nikonXtekct
            }
        }
        return metadata
    }

    static func readWaygate(_ url: URL, boundary: String? = nil) throws -> ScanMetadata {
        let ini = INIFile(data: try ScanFile.readSidecar(url.path, boundary: boundary))
        var metadata = ScanMetadata(sidecars: [url.path])
        if let size = try voxelSize(from: ini, file: url.path) {
            metadata.voxelSize = size
            metadata.voxelSizeSource = .waygatePCR
        }
        return metadata
    }

    /// `VoxelSizeX/Y/Z` (any case), else an isotropic `VoxelSize`; a missing Y or Z
    /// takes X's value. Nikon and Waygate both write millimetres.
    private static func voxelSize(from ini: INIFile, file: String) throws -> VoxelSize? {
        func number(_ key: String) throws -> Double? {
            guard let text = ini.value(forKey: key) else { return nil }
            guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite, value > 0 else {
                throw ScanMetadataError.malformed(file: file, reason: "`\(ini.originalKey(key) ?? key)` = \(text) is not a positive voxel size in mm")
            }
            return value
        }
        if let x = try number("voxelsizex") {
            let y = try number("voxelsizey") ?? x
            let z = try number("voxelsizez") ?? x
            return VoxelSize(x: x, y: y, z: z)
        }
        if let iso = try number("voxelsize") { return VoxelSize(isotropic: iso) }
        return nil
    }

    // MARK: folder-name pattern

    static func match(pattern: String, name: String, source: MetadataSource) throws -> ScanMetadata {
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: pattern) } catch {
            throw ScanMetadataError.badPattern(pattern)
        }
        let range = NSRange(name.startIndex..., in: name)
        guard let match = regex.firstMatch(in: name, range: range) else { return ScanMetadata() }
        func group(_ label: String) -> String? {
            let groupRange = match.range(withName: label)
            guard groupRange.location != NSNotFound, let swiftRange = Range(groupRange, in: name) else { return nil }
            let text = String(name[swiftRange])
            return text.isEmpty ? nil : text
        }
        var metadata = ScanMetadata()
        if let serial = group("serial") { metadata.serial = serial; metadata.serialSource = source }
        if let format = group("format") { metadata.cellFormat = format; metadata.cellFormatSource = source }
        return metadata
    }
}

/// A sidecar that exists but cannot be used: the inspection becomes ERROR naming the file.
public enum ScanMetadataError: Error, CustomStringConvertible, Equatable {
    case malformed(file: String, reason: String)
    case badPattern(String)

    public var description: String {
        switch self {
        case .malformed(let file, let reason): return "metadata sidecar \(file): \(reason); fix or remove the file"
        case .badPattern(let pattern): return "folder pattern `\(pattern)` is not a valid regular expression"
        }
    }
}
