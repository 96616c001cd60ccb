import Foundation
import Imaging

/// Volume Graphics `.vgi`: an INI text whose `[file1]` section describes the
/// data file and `[geometry]` the voxel size. Written by VGSTUDIO and, beside
/// their `.vol`, by Nikon CT Pro and others.
///
/// Read: `[file1]` `Size = X Y Z`, `Name` (or `FileName`; a Windows path is
/// taken as the file of that name beside the `.vgi`), `Datatype` (`float`,
/// `unsigned integer`, `signed integer`) with `BitsPerElement`, `SkipHeader`
/// (bytes before the voxels), `FileFormat` (only `raw`); `[geometry]`
/// `resolution = x y z` in `unit` (mm when absent). Little-endian: the format
/// has no byte-order key and its writers run on x86 Windows. Key names as
/// public readers use them (DREAM3D-NX `ReadVolumeGraphicsFile`); `FileName` and
/// `SkipHeader` are accepted as other writers spell them.
public struct VGIHeader: Sendable, Hashable {
    public let path: String
    public let layout: RawVolumeLayout

    public init(path: String) throws(VolumeIOError) {
        let ini = try readINI(path)
        let section = ini.hasSection("file1") ? "file1" : ""
        func value(_ key: String) -> String? { ini.value(forKey: key, inSection: section) }
        guard let sizeText = value("Size"), let sizes = HeaderSupport.numbers(sizeText).map({ $0.map(Int.init) }),
              sizes.count == 3, sizes.allSatisfy({ $0 > 0 }) else {
            throw .malformedHeader(path: path, field: "[file1] Size", detail: "is `\(value("Size") ?? "")`, not three positive sizes")
        }
        let shape = VolumeShape(width: sizes[0], height: sizes[1], depth: sizes[2])
        if let fileFormat = value("FileFormat"), fileFormat.lowercased() != "raw" {
            throw .unsupportedEncoding(path: path, declared: "FileFormat = \(fileFormat)")
        }
        let type = try Self.elementType(datatype: value("Datatype"), bits: value("BitsPerElement"), path: path)
        guard let skip = UInt64(value("SkipHeader") ?? "0") else {
            throw .malformedHeader(path: path, field: "[file1] SkipHeader", detail: "is `\(value("SkipHeader")!)`, not a byte count")
        }
        let dataPath: String
        if let name = value("Name") ?? value("FileName"), !name.isEmpty {
            dataPath = HeaderSupport.resolve(name, besideHeader: path)
        } else if let beside = HeaderSupport.companion(of: path, withExtension: "vol") {
            dataPath = beside
        } else {
            throw .malformedHeader(path: path, field: "[file1] Name", detail: "is missing and no .vol of the same name is beside it")
        }
        var voxelSize: VoxelSize? = nil
        if let resolution = ini.value(forKey: "resolution", inSection: "geometry").flatMap(HeaderSupport.numbers) {
            let unit = ini.value(forKey: "unit", inSection: "geometry") ?? "mm"
            guard let scale = HeaderSupport.millimetres(perUnit: unit) else {
                throw .malformedHeader(path: path, field: "[geometry] unit", detail: "is `\(unit)`, not a length unit (mm, um, …)")
            }
            voxelSize = HeaderSupport.voxelSize(resolution, scale: scale)
        }
        self.path = path
        layout = RawVolumeLayout(format: .volumeGraphicsVGI, headerPath: path, dataPath: dataPath, shape: shape,
                                 elementType: type, byteOrder: .littleEndian, dataOffset: .bytes(skip), voxelSize: voxelSize)
    }

    /// `Datatype` and `BitsPerElement`; either may be missing. Without `Datatype`,
    /// 8 and 16 bits are unsigned and 32 and 64 float; without either, 32-bit float
    /// (VGSTUDIO's default).
    static func elementType(datatype: String?, bits: String?, path: String) throws(VolumeIOError) -> RawElementType {
        let kind = datatype?.lowercased() ?? ""
        let declared = [datatype.map { "Datatype = \($0)" }, bits.map { "BitsPerElement = \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        let bitCount = bits.map { Int($0) ?? -1 } ?? 32
        let type: RawElementType?
        if kind.isEmpty {
            type = [8: .uint8, 16: .uint16, 32: .float32, 64: .float64][bitCount]
        } else if kind.contains("float") || kind.contains("real") {
            type = [32: .float32, 64: .float64][bitCount]
        } else if kind.contains("unsigned") {
            type = [8: .uint8, 16: .uint16, 32: .uint32][bitCount]
        } else if kind.contains("int") || kind.contains("signed") {
            type = [8: .int8, 16: .int16, 32: .int32][bitCount]
        } else {
            type = nil
        }
        guard let type else { throw .unsupportedElementType(path: path, declared: declared) }
        return type
    }
}

/// Nikon/X-Tek CT Pro's `.xtekVolume` beside its `.vol`: INI, `[XTekCT]`
/// `VoxelsX/Y/Z` (dimensions), `VoxelSizeX/Y/Z` in `Units` (mm when absent;
/// `um` converted).
///
/// It does not name the voxel type. CT Pro writes a `.vgi` beside most exports:
/// its `BitsPerElement`/`Datatype` decide. Without one the type is the one that
/// makes the file exactly X·Y·Z voxels, trying 32-bit float (CT Pro's default)
/// first, then 16- and 8-bit unsigned; no match is a `dataSizeMismatch`.
public struct XTekVolumeHeader: Sendable, Hashable {
    public let path: String
    public let layout: RawVolumeLayout
    /// True when the voxel type was inferred from the file size (no `.vgi`).
    public let typeInferred: Bool

    public init(path: String) throws(VolumeIOError) {
        let ini = try readINI(path)
        let section = ini.hasSection("XTekCT") ? "XTekCT" : ""
        func value(_ key: String) -> String? { ini.value(forKey: key, inSection: section) }
        let shape = try dimensions(["VoxelsX", "VoxelsY", "VoxelsZ"], value, path: path)
        guard let dataPath = HeaderSupport.companion(of: path, withExtension: "vol") else {
            throw .notFound(path: (path as NSString).deletingPathExtension + ".vol")
        }
        var voxelSize: VoxelSize? = nil
        if let x = value("VoxelSizeX").flatMap(HeaderSupport.number) {
            let unit = value("Units") ?? "mm"
            guard let scale = HeaderSupport.millimetres(perUnit: unit) else {
                throw .malformedHeader(path: path, field: "Units", detail: "is `\(unit)`, not a length unit (mm, um, …)")
            }
            let y = value("VoxelSizeY").flatMap(HeaderSupport.number) ?? x
            let z = value("VoxelSizeZ").flatMap(HeaderSupport.number) ?? x
            voxelSize = HeaderSupport.voxelSize([x, y, z], scale: scale)
        }
        var type: RawElementType
        if let vgi = HeaderSupport.companion(of: path, withExtension: "vgi") {
            let described = try readINI(vgi)
            let file = described.hasSection("file1") ? "file1" : ""
            type = try VGIHeader.elementType(datatype: described.value(forKey: "Datatype", inSection: file),
                                             bits: described.value(forKey: "BitsPerElement", inSection: file), path: vgi)
            typeInferred = false
        } else {
            type = try HeaderSupport.inferType(dataPath: dataPath, shape: shape, offset: 0,
                                               candidates: [.float32, .uint16, .uint8])
            typeInferred = true
        }
        self.path = path
        layout = RawVolumeLayout(format: .nikonXTekVolume, headerPath: path, dataPath: dataPath, shape: shape,
                                 elementType: type, byteOrder: .littleEndian, voxelSize: voxelSize)
    }
}

/// Waygate Technologies (GE) phoenix datos|x `.pcr` beside its `.vol`: INI,
/// `[VolumeData]` `Volume_SizeX/Y/Z`, `VoxelSizeRec` (isotropic, mm) and
/// `Format`: 5 = 16-bit unsigned, 10 = 32-bit float, 1 = 8-bit unsigned (the
/// codes public readers such as Slicer's GEVolImport use; 1 is the least
/// attested, and like every type it is checked by the file size). Little-endian.
public struct PCRHeader: Sendable, Hashable {
    public let path: String
    public let layout: RawVolumeLayout

    public init(path: String) throws(VolumeIOError) {
        let ini = try readINI(path)
        let section = ini.hasSection("VolumeData") ? "VolumeData" : ""
        func value(_ key: String) -> String? { ini.value(forKey: key, inSection: section) ?? ini.value(forKey: key) }
        let shape = try dimensions(["Volume_SizeX", "Volume_SizeY", "Volume_SizeZ"], value, path: path)
        guard let format = value("Format") else {
            throw .malformedHeader(path: path, field: "[VolumeData] Format", detail: "is missing: the voxel type is unknown")
        }
        let type: RawElementType
        switch Int(format) {
        case 5: type = .uint16
        case 10: type = .float32
        case 1: type = .uint8
        default: throw .unsupportedElementType(path: path, declared: "Format = \(format)")
        }
        guard let dataPath = HeaderSupport.companion(of: path, withExtension: "vol") else {
            throw .notFound(path: (path as NSString).deletingPathExtension + ".vol")
        }
        let size = value("VoxelSizeRec").flatMap(HeaderSupport.number)
        self.path = path
        layout = RawVolumeLayout(format: .waygatePCR, headerPath: path, dataPath: dataPath, shape: shape,
                                 elementType: type, byteOrder: .littleEndian,
                                 voxelSize: size.flatMap { HeaderSupport.voxelSize([$0, $0, $0]) })
    }
}

private func readINI(_ path: String) throws(VolumeIOError) -> INIFile {
    guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
    do {
        return try INIFile(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw .unreadable(path: path, detail: "\(error)")
    }
}

/// Three positive integer dimensions from `keys` (x, y, z).
private func dimensions(_ keys: [String], _ value: (String) -> String?, path: String) throws(VolumeIOError) -> VolumeShape {
    var sizes: [Int] = []
    for key in keys {
        guard let text = value(key) else { throw .malformedHeader(path: path, field: key, detail: "is missing") }
        guard let size = Int(text), size > 0 else {
            throw .malformedHeader(path: path, field: key, detail: "is `\(text)`, not a positive voxel count")
        }
        sizes.append(size)
    }
    return VolumeShape(width: sizes[0], height: sizes[1], depth: sizes[2])
}
