import Foundation
import Imaging

/// Small pieces the header parsers share: files beside a header, numbers as
/// scanner software writes them, length units.
enum HeaderSupport {
    /// Headers are a few kB; more than this before the data means no header at all.
    static let maxHeaderBytes = 1 << 20

    /// The file named `stem.ext` in `folder`, extension compared case-insensitively
    /// (`Scan.xtekVolume`, `scan.PCR`), or nil.
    static func companion(of path: String, withExtension ext: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let wanted = url.deletingPathExtension().lastPathComponent + "." + ext.lowercased()
        let exact = folder.appendingPathComponent(url.deletingPathExtension().lastPathComponent + "." + ext).path
        if FileManager.default.fileExists(atPath: exact) { return exact }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.first { $0.lowercased() == wanted.lowercased() }.map { folder.appendingPathComponent($0).path }
    }

    /// `name` resolved against the header's folder; a Windows path written by the
    /// scanner PC (`D:\scans\cell.vol`) is taken to mean the file of that name beside the header.
    static func resolve(_ name: String, besideHeader header: String) -> String {
        let folder = URL(fileURLWithPath: header).deletingLastPathComponent()
        if name.contains("\\") || (name.count > 1 && name.dropFirst().first == ":") {
            let last = name.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last.map(String.init) ?? name
            return folder.appendingPathComponent(last).path
        }
        if name.hasPrefix("/") { return name }
        return folder.appendingPathComponent(name).standardizedFileURL.path
    }

    /// A decimal number, with a comma accepted as the decimal mark (German locales).
    static func number(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
    }

    /// Whitespace-separated numbers ("0.05 0.05 0.1").
    static func numbers(_ text: String) -> [Double]? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let values = parts.compactMap { number(String($0)) }
        return values.count == parts.count && !values.isEmpty ? values : nil
    }

    /// Millimetres per unit, for the unit names headers use; nil if unknown.
    static func millimetres(perUnit unit: String) -> Double? {
        switch unit.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased() {
        case "", "mm", "millimeter", "millimeters", "millimetre", "millimetres": 1
        case "um", "µm", "μm", "micron", "microns", "micrometer", "micrometers", "micrometre", "micrometres": 0.001
        case "nm": 1e-6
        case "cm": 10
        case "m", "meter", "meters", "metre", "metres": 1000
        default: nil
        }
    }

    /// A positive, finite voxel size from three lengths, or nil.
    static func voxelSize(_ values: [Double], scale: Double = 1) -> VoxelSize? {
        guard values.count == 3, values.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        return VoxelSize(x: values[0] * scale, y: values[1] * scale, z: values[2] * scale)
    }

    /// For scanner files that do not name the voxel type (Nikon `.vol` without
    /// `.vgi`): the type whose size makes the file exactly X·Y·Z voxels, trying
    /// `candidates` in order; the mismatch error names the first (the vendor's default).
    static func inferType(dataPath: String, shape: VolumeShape, offset: UInt64,
                          candidates: [RawElementType]) throws(VolumeIOError) -> RawElementType {
        let fileSize = try FileRange.size(of: dataPath)
        let voxels = UInt64(shape.voxelCount)
        if let match = candidates.first(where: { offset + voxels * UInt64($0.byteCount) == fileSize }) { return match }
        let first = candidates[0]
        let expected = offset + voxels * UInt64(first.byteCount)
        let declared = "\(shape.width)×\(shape.height)×\(shape.depth) voxels (no type given; "
            + candidates.map(\.rawValue).joined(separator: ", ") + " tried), as \(first)"
        if fileSize < expected {
            let sliceBytes = UInt64(shape.width * shape.height * first.byteCount)
            throw .truncated(path: dataPath, page: Int((fileSize - min(fileSize, offset)) / max(1, sliceBytes)),
                             expectedBytes: expected, actualBytes: fileSize)
        }
        throw .dataSizeMismatch(path: dataPath, expectedBytes: expected, actualBytes: fileSize, declared: declared)
    }
}

/// The lines of a text header and the byte offset just past each, for formats
/// whose data follows the header in the same file (NRRD, MetaImage `.mha`).
struct HeaderLines {
    struct Line {
        let text: String
        /// Offset of the byte after this line's newline.
        let end: Int
    }

    let lines: [Line]
    /// The whole file was read (it is no longer than `maxHeaderBytes`).
    let reachedEndOfFile: Bool

    init(path: String) throws(VolumeIOError) {
        let bytes = try FileRange.prefix(of: path, limit: HeaderSupport.maxHeaderBytes)
        reachedEndOfFile = bytes.count < HeaderSupport.maxHeaderBytes
        var lines: [Line] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            var text = bytes[start..<i]
            if text.last == 0x0D { text = text.dropLast() }
            lines.append(Line(text: String(decoding: text, as: UTF8.self), end: i + 1))
            start = i + 1
            // Past the header the bytes are voxels: 4 kB lines of binary are not headers.
            if lines.count > 100_000 { break }
        }
        if start < bytes.count, reachedEndOfFile {
            lines.append(Line(text: String(decoding: bytes[start...], as: UTF8.self), end: bytes.count))
        }
        self.lines = lines
    }
}
