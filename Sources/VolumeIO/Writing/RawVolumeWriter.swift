import Foundation
import Imaging

/// Writes volumes as NRRD or MetaImage, slice by slice (a volume of any size in
/// bounded memory), each file atomically (`AtomicFile`): a data file first, its
/// header last, so a watcher that sees a header finds its data complete.
///
/// Grey values are stored as `RawSampleEncoder` does: integers rounded and clamped.
/// The voxel size is written in millimetres (NRRD `space directions` with
/// `space units` "mm"; MetaImage `ElementSpacing`). For tests, demos and the
/// phantom; cellqa itself only reads scans.
public enum RawVolumeWriter {
    /// NRRD: `path` ending `.nrrd` gets the data attached; `.nhdr` a detached
    /// header naming `<stem>.raw` (`<stem>.raw.gz` when `gzip`).
    public static func writeNRRD(_ volume: any SliceSource, to path: String, as type: RawElementType,
                                 byteOrder: RawByteOrder = .littleEndian, gzip: Bool = false) throws(VolumeIOError) {
        let detached = (path as NSString).pathExtension.lowercased() == "nhdr"
        let dataName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + (gzip ? ".raw.gz" : ".raw")
        let shape = volume.shape, size = volume.voxelSize
        var header = "NRRD0004\n# written by cellqa\ntype: \(NRRDHeader.typeName(type))\ndimension: 3\n"
        header += "space dimension: 3\nsizes: \(shape.width) \(shape.height) \(shape.depth)\n"
        header += "space directions: (\(size.x),0,0) (0,\(size.y),0) (0,0,\(size.z))\n"
        header += "space units: \"mm\" \"mm\" \"mm\"\nkinds: domain domain domain\n"
        if type.byteCount > 1 { header += "endian: \(byteOrder == .littleEndian ? "little" : "big")\n" }
        header += "encoding: \(gzip ? "gzip" : "raw")\n"
        if detached {
            let dataPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(dataName).path
            try writeFile(dataPath, prefix: [], volume: volume, type: type, byteOrder: byteOrder, deflate: gzip ? .gzip : nil)
            header += "data file: \(dataName)\n"
            try writeFile(path, prefix: Array(header.utf8), volume: nil, type: type, byteOrder: byteOrder, deflate: nil)
        } else {
            try writeFile(path, prefix: Array((header + "\n").utf8), volume: volume, type: type, byteOrder: byteOrder,
                          deflate: gzip ? .gzip : nil)
        }
    }

    /// MetaImage: `path` ending `.mha` gets the data after the header
    /// (`ElementDataFile = LOCAL`); `.mhd` a header naming `<stem>.raw`
    /// (`<stem>.zraw` when `compressed`, one zlib stream).
    public static func writeMetaImage(_ volume: any SliceSource, to path: String, as type: RawElementType,
                                      byteOrder: RawByteOrder = .littleEndian, compressed: Bool = false) throws(VolumeIOError) {
        let local = (path as NSString).pathExtension.lowercased() == "mha"
        let dataName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + (compressed ? ".zraw" : ".raw")
        let shape = volume.shape, size = volume.voxelSize
        var header = "ObjectType = Image\nNDims = 3\nBinaryData = True\n"
        header += "BinaryDataByteOrderMSB = \(byteOrder == .bigEndian ? "True" : "False")\n"
        header += "CompressedData = \(compressed ? "True" : "False")\n"
        header += "ElementSpacing = \(size.x) \(size.y) \(size.z)\n"
        header += "DimSize = \(shape.width) \(shape.height) \(shape.depth)\n"
        header += "ElementType = \(MetaImageHeader.typeName(type))\n"
        if local {
            try writeFile(path, prefix: Array((header + "ElementDataFile = LOCAL\n").utf8), volume: volume, type: type,
                          byteOrder: byteOrder, deflate: compressed ? .zlib : nil)
        } else {
            let dataPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(dataName).path
            let written = try writeFile(dataPath, prefix: [], volume: volume, type: type, byteOrder: byteOrder,
                                        deflate: compressed ? .zlib : nil)
            if compressed { header += "CompressedDataSize = \(written)\n" }
            header += "ElementDataFile = \(dataName)\n"
            try writeFile(path, prefix: Array(header.utf8), volume: nil, type: type, byteOrder: byteOrder, deflate: nil)
        }
    }

    private enum Stream { case gzip, zlib }

    /// `prefix`, then every slice of `volume` (compressed if asked), atomically;
    /// returns the bytes written after the prefix.
    @discardableResult
    private static func writeFile(_ path: String, prefix: [UInt8], volume: (any SliceSource)?, type: RawElementType,
                                  byteOrder: RawByteOrder, deflate: Stream?) throws(VolumeIOError) -> UInt64 {
        try AtomicFile.write(path) { (temporary) throws(VolumeIOError) -> UInt64 in
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .writeFailed(path: path, detail: String(cString: strerror(errno))) }
            defer { close(fd) }
            var written: UInt64 = 0
            func put(_ bytes: [UInt8]) throws(VolumeIOError) {
                var done = 0
                while done < bytes.count {
                    let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, bytes.count - done) }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw .writeFailed(path: path, detail: String(cString: strerror(errno))) }
                    done += n
                }
            }
            try put(prefix)
            guard let volume else { return 0 }
            let deflater = try deflate.map { (stream) throws(VolumeIOError) in try Deflater(gzip: stream == .gzip) }
            func emit(_ bytes: [UInt8]) throws(VolumeIOError) {
                try put(bytes)
                written += UInt64(bytes.count)
            }
            for index in 0..<volume.shape.depth {
                let slice: GrayImage
                do { slice = try volume.slice(index) } catch {
                    throw .writeFailed(path: path, detail: "reading slice \(index): \(error)")
                }
                let bytes = RawSampleEncoder.encode(slice.pixels, as: type, byteOrder: byteOrder)
                if let deflater { try deflater.append(bytes, sink: emit) } else { try emit(bytes) }
            }
            try deflater?.finish(sink: emit)
            guard fsync(fd) == 0 else { throw .writeFailed(path: path, detail: String(cString: strerror(errno))) }
            return written
        }
    }
}
