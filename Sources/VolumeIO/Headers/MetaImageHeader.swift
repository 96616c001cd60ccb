import Foundation
import Imaging

/// An ITK MetaImage header: `.mhd` naming its data file, or `.mha` with the data
/// right after the `ElementDataFile = LOCAL` line (which MetaIO requires to be
/// the last line of the header).
///
/// Read (key names as ITK's MetaIO writes them, compared case-insensitively):
/// `NDims` (2 or 3), `DimSize`, `ElementType` (`MET_UCHAR`, `MET_CHAR`,
/// `MET_USHORT`, `MET_SHORT`, `MET_UINT`, `MET_INT`, `MET_FLOAT`, `MET_DOUBLE`),
/// `ElementSpacing` (else `ElementSize`; MetaIO's lengths are millimetres),
/// `BinaryDataByteOrderMSB` or `ElementByteOrderMSB`, `HeaderSize` (bytes to skip
/// in the data file; -1 = the data ends the file), `CompressedData` (one zlib
/// stream) with `CompressedDataSize` checked when present,
/// `ElementNumberOfChannels` (must be 1), `BinaryData` (must be True).
public struct MetaImageHeader: Sendable, Hashable {
    public let path: String
    /// Key (lower case) → value, as written.
    public let fields: [String: String]
    public let layout: RawVolumeLayout

    public init(path: String) throws(VolumeIOError) {
        let header = try HeaderLines(path: path)
        var fields: [String: String] = [:]
        var headerEnd: Int? = nil
        for line in header.lines {
            guard let equals = line.text.firstIndex(of: "=") else { continue }
            let key = line.text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line.text[line.text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = value }
            if key == "elementdatafile" { headerEnd = line.end; break }
        }
        guard let headerEnd, let dataFile = fields["elementdatafile"] else {
            throw .malformedHeader(path: path, field: "ElementDataFile",
                                   detail: "is missing (it must be the header's last line): not a MetaImage header, or an incomplete one")
        }
        self.path = path
        self.fields = fields
        layout = try Self.layout(path: path, fields: fields, dataFile: dataFile, headerEnd: UInt64(headerEnd))
    }

    private static func layout(path: String, fields: [String: String], dataFile: String,
                               headerEnd: UInt64) throws(VolumeIOError) -> RawVolumeLayout {
        func required(_ key: String) throws(VolumeIOError) -> String {
            guard let value = fields[key.lowercased()] else { throw .malformedHeader(path: path, field: key, detail: "is missing") }
            return value
        }
        func flag(_ key: String) throws(VolumeIOError) -> Bool? {
            guard let value = fields[key.lowercased()] else { return nil }
            switch value.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw .malformedHeader(path: path, field: key, detail: "is `\(value)`, not True or False")
            }
        }
        guard let dimensions = Int(try required("NDims")), dimensions == 2 || dimensions == 3 else {
            throw .malformedHeader(path: path, field: "NDims", detail: "is \(fields["ndims"] ?? ""); cellqa reads 2- or 3-D volumes")
        }
        let sizes = try required("DimSize").split(separator: " ").compactMap { Int($0) }
        guard sizes.count == dimensions, sizes.allSatisfy({ $0 > 0 }) else {
            throw .malformedHeader(path: path, field: "DimSize", detail: "is `\(fields["dimsize"]!)`, not \(dimensions) positive sizes")
        }
        let shape = VolumeShape(width: sizes[0], height: sizes[1], depth: dimensions == 3 ? sizes[2] : 1)
        let typeName = try required("ElementType")
        guard let type = elementType(typeName) else { throw .unsupportedElementType(path: path, declared: typeName) }
        if let channels = fields["elementnumberofchannels"], channels != "1" {
            throw .unsupportedElementType(path: path, declared: "\(typeName) × \(channels) channels")
        }
        if try flag("BinaryData") == false { throw .unsupportedEncoding(path: path, declared: "BinaryData = False (ASCII)") }
        var msb = false
        if let declared = try flag("BinaryDataByteOrderMSB") {
            msb = declared
        } else if let declared = try flag("ElementByteOrderMSB") {
            msb = declared
        }
        let compressed = try flag("CompressedData") ?? false

        guard let headerSize = Int(fields["headersize"] ?? "0"), headerSize >= -1 else {
            throw .malformedHeader(path: path, field: "HeaderSize", detail: "is `\(fields["headersize"]!)`, not a byte count or -1")
        }
        let local = dataFile.uppercased() == "LOCAL"
        if !local && (dataFile.uppercased().hasPrefix("LIST") || dataFile.contains("%")) {
            throw .malformedHeader(path: path, field: "ElementDataFile",
                                   detail: "is `\(dataFile)`: data split over several files is not read; join them into one file")
        }
        let dataPath = local ? path : HeaderSupport.resolve(dataFile, besideHeader: path)
        let base: UInt64 = local ? headerEnd : 0
        let dataOffset: RawVolumeLayout.DataOffset
        if headerSize == -1 {
            guard !compressed else {
                throw .malformedHeader(path: path, field: "HeaderSize", detail: "is -1, which a compressed stream cannot use")
            }
            dataOffset = .atEndOfFile
        } else {
            dataOffset = .bytes(base + UInt64(headerSize))
        }
        if compressed, case .bytes(let start) = dataOffset, let declared = fields["compresseddatasize"] {
            try checkCompressedSize(declared, start: start, dataPath: dataPath, headerPath: path)
        }
        let spacing = (fields["elementspacing"] ?? fields["elementsize"]).flatMap(HeaderSupport.numbers)
        let lengths = spacing.map { dimensions == 2 && $0.count == 2 ? $0 + [$0[0]] : $0 }
        return RawVolumeLayout(format: .metaImage, headerPath: path, dataPath: dataPath, shape: shape, elementType: type,
                               byteOrder: msb ? .bigEndian : .littleEndian, dataOffset: dataOffset,
                               encoding: compressed ? .deflate : .raw, voxelSize: lengths.flatMap { HeaderSupport.voxelSize($0) })
    }

    /// `CompressedDataSize` is the stream's length: the file must hold exactly that after the header.
    private static func checkCompressedSize(_ declared: String, start: UInt64, dataPath: String,
                                            headerPath: String) throws(VolumeIOError) {
        guard let size = UInt64(declared) else {
            throw .malformedHeader(path: headerPath, field: "CompressedDataSize", detail: "is `\(declared)`, not a byte count")
        }
        let fileSize = try FileRange.size(of: dataPath)
        let expected = start + size
        if fileSize < expected {
            throw .truncated(path: dataPath, page: 0, expectedBytes: expected, actualBytes: fileSize)
        }
        if fileSize > expected {
            throw .dataSizeMismatch(path: dataPath, expectedBytes: expected, actualBytes: fileSize,
                                    declared: "CompressedDataSize = \(size) after a \(start)-byte header")
        }
    }

    /// MetaIO `ElementType` names. `MET_LONG`/`MET_ULONG` are refused: their width
    /// follows the writer's C `long`, 4 or 8 bytes.
    static func elementType(_ name: String) -> RawElementType? {
        switch name.uppercased() {
        case "MET_UCHAR": .uint8
        case "MET_CHAR": .int8
        case "MET_USHORT": .uint16
        case "MET_SHORT": .int16
        case "MET_UINT": .uint32
        case "MET_INT": .int32
        case "MET_FLOAT": .float32
        case "MET_DOUBLE": .float64
        default: nil
        }
    }

    /// The MetaIO name cellqa writes for `type`.
    static func typeName(_ type: RawElementType) -> String {
        switch type {
        case .uint8: "MET_UCHAR"
        case .int8: "MET_CHAR"
        case .uint16: "MET_USHORT"
        case .int16: "MET_SHORT"
        case .uint32: "MET_UINT"
        case .int32: "MET_INT"
        case .float32: "MET_FLOAT"
        case .float64: "MET_DOUBLE"
        }
    }
}
