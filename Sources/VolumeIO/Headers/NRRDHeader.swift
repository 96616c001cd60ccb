import Foundation
import Imaging

/// A NRRD header (teem's "nearly raw raster data"): `.nrrd` with the data after
/// the blank line that ends the header, or a detached `.nhdr` naming its
/// `data file:`.
///
/// Read: `type`, `dimension` (2 or 3), `sizes` (x fastest), `endian`,
/// `encoding` (`raw`, `gzip`/`gz`), `byte skip` (-1 = data at the end of the file,
/// raw only; for gzip it counts decompressed bytes), `line skip`, `data file`
/// (one file; `LIST` and `%d` patterns are refused), and the voxel size from
/// `spacings` or else the lengths of the `space directions` vectors, in
/// `space units` (millimetres when absent). Field names and values follow the
/// format definition at teem.sourceforge.net/nrrd/format.html; comments (`#`)
/// and key/value pairs (`key:=value`) are skipped.
public struct NRRDHeader: Sendable, Hashable {
    public let path: String
    /// Field name (lower case) → description, as written.
    public let fields: [String: String]
    public let layout: RawVolumeLayout

    public init(path: String) throws(VolumeIOError) {
        let header = try HeaderLines(path: path)
        guard let magic = header.lines.first?.text, magic.hasPrefix("NRRD000") else {
            throw .malformedHeader(path: path, field: "magic",
                                   detail: "is missing: the file does not start with NRRD000x, so it is not a NRRD file")
        }
        var fields: [String: String] = [:]
        var headerEnd: Int? = nil
        for line in header.lines.dropFirst() {
            if line.text.trimmingCharacters(in: .whitespaces).isEmpty { headerEnd = line.end; break }
            if line.text.hasPrefix("#") || line.text.contains(":=") { continue }
            guard let colon = line.text.range(of: ": ") ?? line.text.range(of: ":") else { continue }
            let name = line.text[..<colon.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line.text[colon.upperBound...].trimmingCharacters(in: .whitespaces)
            if fields[name] == nil { fields[name] = value }
        }
        self.path = path
        self.fields = fields
        layout = try Self.layout(path: path, fields: fields, headerEnd: headerEnd)
    }

    private static func layout(path: String, fields: [String: String],
                               headerEnd: Int?) throws(VolumeIOError) -> RawVolumeLayout {
        func required(_ name: String) throws(VolumeIOError) -> String {
            guard let value = fields[name] else { throw .malformedHeader(path: path, field: name, detail: "is missing") }
            return value
        }
        let typeName = try required("type")
        guard let type = elementType(typeName) else { throw .unsupportedElementType(path: path, declared: typeName) }
        guard let dimension = Int(try required("dimension")), dimension == 2 || dimension == 3 else {
            throw .malformedHeader(path: path, field: "dimension",
                                   detail: "is \(fields["dimension"] ?? ""); cellqa reads 2- or 3-D greyscale volumes")
        }
        let sizes = try required("sizes").split(separator: " ").compactMap { Int($0) }
        guard sizes.count == dimension, sizes.allSatisfy({ $0 > 0 }) else {
            throw .malformedHeader(path: path, field: "sizes", detail: "is `\(fields["sizes"]!)`, not \(dimension) positive sizes")
        }
        let shape = VolumeShape(width: sizes[0], height: sizes[1], depth: dimension == 3 ? sizes[2] : 1)

        let encodingName = fields["encoding"] ?? ""
        let encoding: RawVolumeLayout.Encoding
        switch encodingName.lowercased() {
        case "raw": encoding = .raw
        case "gzip", "gz": encoding = .deflate
        case "": throw .malformedHeader(path: path, field: "encoding", detail: "is missing")
        default: throw .unsupportedEncoding(path: path, declared: encodingName)
        }
        let byteOrder: RawByteOrder
        switch fields["endian"]?.lowercased() {
        case "little": byteOrder = .littleEndian
        case "big": byteOrder = .bigEndian
        case nil where type.byteCount == 1: byteOrder = .littleEndian
        case nil: throw .malformedHeader(path: path, field: "endian", detail: "is missing; it is required for \(type) data")
        case let other?: throw .malformedHeader(path: path, field: "endian", detail: "is `\(other)`, not little or big")
        }
        guard let byteSkip = Int(fields["byte skip"] ?? "0"), byteSkip >= -1 else {
            throw .malformedHeader(path: path, field: "byte skip", detail: "is `\(fields["byte skip"]!)`, not a byte count or -1")
        }
        guard let lineSkip = Int(fields["line skip"] ?? "0"), lineSkip >= 0 else {
            throw .malformedHeader(path: path, field: "line skip", detail: "is `\(fields["line skip"]!)`, not a line count")
        }
        if byteSkip == -1 && encoding != .raw {
            throw .malformedHeader(path: path, field: "byte skip", detail: "is -1, which NRRD allows for raw encoding only")
        }

        // Attached data starts after the blank line; a detached header names its file.
        let dataPath: String
        let start: UInt64
        if let name = fields["data file"] ?? fields["datafile"] {
            if name.hasPrefix("LIST") || name.contains("%") || name.split(separator: " ").count > 1 {
                throw .malformedHeader(path: path, field: "data file",
                                       detail: "is `\(name)`: data split over several files is not read; join them into one file")
            }
            dataPath = HeaderSupport.resolve(name, besideHeader: path)
            start = 0
        } else {
            guard let headerEnd else {
                throw .malformedHeader(path: path, field: "data file",
                                       detail: "is missing and no blank line ends the header, so there is no data")
            }
            dataPath = path
            start = UInt64(headerEnd)
        }
        let afterLines = try skipLines(lineSkip, in: dataPath, from: start)
        let dataOffset: RawVolumeLayout.DataOffset
        var decodedSkip: UInt64 = 0
        if byteSkip == -1 {
            dataOffset = .atEndOfFile
        } else if encoding == .raw {
            dataOffset = .bytes(afterLines + UInt64(byteSkip))
        } else {
            dataOffset = .bytes(afterLines)
            decodedSkip = UInt64(byteSkip)
        }
        return RawVolumeLayout(format: .nrrd, headerPath: path, dataPath: dataPath, shape: shape, elementType: type,
                               byteOrder: byteOrder, dataOffset: dataOffset, encoding: encoding,
                               decodedSkip: decodedSkip, voxelSize: try voxelSize(fields, path: path, dimension: dimension))
    }

    /// NRRD type names, all the spellings the format definition allows.
    static func elementType(_ name: String) -> RawElementType? {
        switch name.lowercased() {
        case "signed char", "int8", "int8_t": .int8
        case "uchar", "unsigned char", "uint8", "uint8_t": .uint8
        case "short", "short int", "signed short", "signed short int", "int16", "int16_t": .int16
        case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t": .uint16
        case "int", "signed int", "int32", "int32_t": .int32
        case "uint", "unsigned int", "uint32", "uint32_t": .uint32
        case "float": .float32
        case "double": .float64
        default: nil
        }
    }

    /// The NRRD spelling cellqa writes for `type`.
    static func typeName(_ type: RawElementType) -> String {
        switch type {
        case .int8: "int8"
        case .uint8: "uint8"
        case .int16: "int16"
        case .uint16: "uint16"
        case .int32: "int32"
        case .uint32: "uint32"
        case .float32: "float"
        case .float64: "double"
        }
    }

    /// `spacings`, else the norms of `space directions`; scaled by `space units`.
    private static func voxelSize(_ fields: [String: String], path: String,
                                  dimension: Int) throws(VolumeIOError) -> VoxelSize? {
        var lengths: [Double]? = nil
        if let spacings = fields["spacings"] {
            lengths = spacings.split(separator: " ").map { Double($0) ?? .nan }
        } else if let directions = fields["space directions"] {
            lengths = try vectors(directions, path: path).map { vector in
                vector.map { sqrt($0.reduce(0) { $0 + $1 * $1 }) } ?? .nan
            }
        }
        guard var lengths else { return nil }
        guard lengths.count == dimension else {
            throw .malformedHeader(path: path, field: fields["spacings"] != nil ? "spacings" : "space directions",
                                   detail: "has \(lengths.count) entries for \(dimension) axes")
        }
        if dimension == 2 { lengths.append(lengths[0]) }
        var scale = 1.0
        if let units = fields["space units"] ?? fields["units"] {
            let names = units.split(separator: "\"").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let factors = names.map { HeaderSupport.millimetres(perUnit: $0) }
            guard let first = factors.first, let factor = first, factors.allSatisfy({ $0 == factor }) else {
                throw .malformedHeader(path: path, field: "space units", detail: "is `\(units)`, not one length unit (mm, um, …)")
            }
            scale = factor
        }
        return HeaderSupport.voxelSize(lengths, scale: scale)
    }

    /// `(1,0,0) (0,1,0) none`: each vector, nil for `none`.
    private static func vectors(_ text: String, path: String) throws(VolumeIOError) -> [[Double]?] {
        var result: [[Double]?] = []
        var rest = Substring(text)
        while let next = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[next...]
            if rest.hasPrefix("none") {
                result.append(nil)
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
                let parts = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",")
                let values = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard values.count == parts.count, !values.isEmpty else {
                    throw .malformedHeader(path: path, field: "space directions", detail: "has an unreadable vector in `\(text)`")
                }
                result.append(values)
                rest = rest[rest.index(after: close)...]
            } else {
                throw .malformedHeader(path: path, field: "space directions", detail: "is `\(text)`, not vectors (x,y,z) or none")
            }
        }
        return result
    }

    /// The offset after `count` newlines from `start` in `file` (NRRD `line skip`).
    private static func skipLines(_ count: Int, in file: String, from start: UInt64) throws(VolumeIOError) -> UInt64 {
        guard count > 0 else { return start }
        let fd = try FileRange.openForReading(file)
        defer { close(fd) }
        let chunk = 1 << 16
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var offset = start
        var remaining = count
        while true {
            let got = try FileRange.read(fd, into: buffer, count: chunk, at: offset, path: file)
            guard got > 0 else {
                throw .malformedHeader(path: file, field: "line skip", detail: "is \(count), more lines than the data file has")
            }
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            for i in 0..<got where bytes[i] == 0x0A {
                remaining -= 1
                if remaining == 0 { return offset + UInt64(i + 1) }
            }
            offset += UInt64(got)
        }
    }
}
