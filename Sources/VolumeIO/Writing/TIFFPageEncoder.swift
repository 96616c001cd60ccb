import CTIFF
import Foundation
import Imaging

/// Writes one `RawSlice` as the current directory of an open libtiff handle.
///
/// Each strip or tile is assembled in one scratch buffer (rows copied, or bits
/// packed most-significant first) and handed to libtiff, which compresses it,
/// applies the predictor and swaps bytes for big-endian files in that buffer.
enum TIFFPageEncoder {
    static func write(_ slice: RawSlice, to handle: TIFFHandle, options: TIFFWriteOptions,
                      page: Int?, pageCount: Int?) throws(VolumeIOError) {
        let width = slice.width, height = slice.height
        guard width > 0, height > 0 else { throw .invalidImage(detail: "empty image (\(width)×\(height))") }
        let tif = handle.tif
        let format = slice.sampleFormat
        func set(_ ok: Int32, _ what: String) throws(VolumeIOError) {
            guard ok == 1 else { throw .writeFailed(path: handle.path, detail: "\(what): \(handle.lastError)") }
        }
        try set(cellqa_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(width)), "ImageWidth")
        try set(cellqa_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), UInt32(height)), "ImageLength")
        try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), UInt16(format.bitsPerSample)), "BitsPerSample")
        try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), 1), "SamplesPerPixel")
        try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_SAMPLEFORMAT), format.sampleFormatTag), "SampleFormat")
        try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), options.photometric.tagValue), "Photometric")
        try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_PLANARCONFIG), UInt16(PLANARCONFIG_CONTIG)), "PlanarConfig")
        try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_COMPRESSION), options.compression.tagValue), "Compression")
        // libtiff 4.5.0 writes wrong samples with the floating-point predictor in
        // big-endian files (it byte-swaps before differencing; reading is fine, checked
        // against tifffile), so big-endian float32 is compressed without a predictor.
        let predictorBroken = format == .float32 && options.byteOrder == .bigEndian
        if options.predictor, options.compression == .lzw || options.compression == .deflate,
           format != .uint1, !predictorBroken {
            let predictor = format == .float32 ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL
            try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_PREDICTOR), UInt16(predictor)), "Predictor")
        }
        if let page {
            try set(cellqa_tiff_set_u32(tif, UInt32(TIFFTAG_SUBFILETYPE), UInt32(FILETYPE_PAGE)), "SubfileType")
            // PageNumber is 16-bit; past 65535 pages it is left out (it is advisory).
            if page < 65535, (pageCount ?? 0) < 65536 {
                try set(cellqa_tiff_set_page(tif, UInt16(page), UInt16(pageCount ?? 0)), "PageNumber")
            }
        }
        if let voxel = options.voxelSize, voxel.x > 0, voxel.y > 0 {
            try set(cellqa_tiff_set_u16(tif, UInt32(TIFFTAG_RESOLUTIONUNIT), UInt16(RESUNIT_CENTIMETER)), "ResolutionUnit")
            try set(cellqa_tiff_set_float(tif, UInt32(TIFFTAG_XRESOLUTION), Float(10 / voxel.x)), "XResolution")
            try set(cellqa_tiff_set_float(tif, UInt32(TIFFTAG_YRESOLUTION), Float(10 / voxel.y)), "YResolution")
        }
        try set(cellqa_tiff_set_string(tif, UInt32(TIFFTAG_SOFTWARE), "cellqa"), "Software")

        try withRowSource(slice) { (rows: RowSource) throws(VolumeIOError) in
            switch options.layout {
            case .tiled(let tileWidth, let tileHeight):
                guard tileWidth > 0, tileHeight > 0, tileWidth % 16 == 0, tileHeight % 16 == 0 else {
                    throw .invalidImage(detail: "tile size \(tileWidth)×\(tileHeight) is not a positive multiple of 16")
                }
                try set(cellqa_tiff_set_u32(tif, UInt32(TIFFTAG_TILEWIDTH), UInt32(tileWidth)), "TileWidth")
                try set(cellqa_tiff_set_u32(tif, UInt32(TIFFTAG_TILELENGTH), UInt32(tileHeight)), "TileLength")
                try writeTiles(handle, rows, width: width, height: height, format: format,
                               tileWidth: tileWidth, tileHeight: tileHeight)
            case .stripped(let rowsPerStrip):
                try writeStrips(handle, rows, width: width, height: height, format: format,
                                rowsPerStrip: max(1, min(rowsPerStrip, height)))
            case nil:
                let rowBytes = format.bytesPerRow(width: width)
                try writeStrips(handle, rows, width: width, height: height, format: format,
                                rowsPerStrip: max(1, min(height, 65536 / max(rowBytes, 1))))
            }
        }
        guard TIFFWriteDirectory(tif) == 1 else {
            throw .writeFailed(path: handle.path, detail: "writing the directory: \(handle.lastError)")
        }
    }

    /// Copies `count` pixels of row `row` from column `column` as stored bytes to `destination`.
    typealias RowSource = (_ row: Int, _ column: Int, _ count: Int, _ destination: UnsafeMutableRawPointer) -> Void

    private static func withRowSource(_ slice: RawSlice,
                                      _ body: (RowSource) throws(VolumeIOError) -> Void) throws(VolumeIOError) {
        switch slice {
        case .bit(let mask):
            try withBytes(of: mask.pixels) { (base: UnsafeRawBufferPointer) throws(VolumeIOError) in
                let bits = base.assumingMemoryBound(to: Bool.self)
                try body { row, column, count, destination in
                    packBits(bits.baseAddress! + row * mask.width + column, count: count,
                             into: destination.assumingMemoryBound(to: UInt8.self))
                }
            }
        case .uint8(let image): try withTypedRows(image, body)
        case .uint16(let image): try withTypedRows(image, body)
        case .float32(let image): try withTypedRows(image, body)
        }
    }

    private static func withTypedRows<T>(_ image: Image<T>,
                                         _ body: (RowSource) throws(VolumeIOError) -> Void) throws(VolumeIOError) {
        try withBytes(of: image.pixels) { (base: UnsafeRawBufferPointer) throws(VolumeIOError) in
            let stride = MemoryLayout<T>.stride
            try body { row, column, count, destination in
                destination.copyMemory(from: base.baseAddress! + (row * image.width + column) * stride,
                                       byteCount: count * stride)
            }
        }
    }

    private static func withBytes<T>(of array: [T],
                                     _ body: (UnsafeRawBufferPointer) throws(VolumeIOError) -> Void) throws(VolumeIOError) {
        var failure: VolumeIOError? = nil
        array.withUnsafeBytes { bytes in
            do throws(VolumeIOError) { try body(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Packs booleans into bytes, most significant bit first; the last byte is zero-padded.
    @inline(__always)
    static func packBits(_ source: UnsafePointer<Bool>, count: Int, into destination: UnsafeMutablePointer<UInt8>) {
        let byteCount = (count + 7) / 8
        for byteIndex in 0..<byteCount {
            var byte: UInt8 = 0
            let start = byteIndex * 8
            for bit in 0..<min(8, count - start) where source[start + bit] {
                byte |= 0x80 >> UInt8(bit)
            }
            destination[byteIndex] = byte
        }
    }

    private static func writeStrips(_ handle: TIFFHandle, _ rows: RowSource, width: Int, height: Int,
                                    format: TIFFSampleFormat, rowsPerStrip: Int) throws(VolumeIOError) {
        let tif = handle.tif
        guard cellqa_tiff_set_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), UInt32(rowsPerStrip)) == 1 else {
            throw .writeFailed(path: handle.path, detail: "RowsPerStrip: \(handle.lastError)")
        }
        let rowBytes = format.bytesPerRow(width: width)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: rowBytes * rowsPerStrip, alignment: 16)
        defer { scratch.deallocate() }
        var strip: UInt32 = 0
        for top in stride(from: 0, to: height, by: rowsPerStrip) {
            let count = min(rowsPerStrip, height - top)
            for r in 0..<count { rows(top + r, 0, width, scratch + r * rowBytes) }
            let size = tmsize_t(count * rowBytes)
            guard TIFFWriteEncodedStrip(tif, strip, scratch, size) == size else {
                throw .writeFailed(path: handle.path, detail: "strip \(strip): \(handle.lastError)")
            }
            strip += 1
        }
    }

    private static func writeTiles(_ handle: TIFFHandle, _ rows: RowSource, width: Int, height: Int,
                                   format: TIFFSampleFormat, tileWidth: Int, tileHeight: Int) throws(VolumeIOError) {
        let tif = handle.tif
        let tileRowBytes = format.bytesPerRow(width: tileWidth)
        let tileBytes = tileRowBytes * tileHeight
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: tileBytes, alignment: 16)
        defer { scratch.deallocate() }
        for top in stride(from: 0, to: height, by: tileHeight) {
            for left in stride(from: 0, to: width, by: tileWidth) {
                // Edge tiles are padded with zeros (TIFF stores whole tiles).
                scratch.initializeMemory(as: UInt8.self, repeating: 0, count: tileBytes)
                let rowCount = min(tileHeight, height - top), columns = min(tileWidth, width - left)
                for r in 0..<rowCount { rows(top + r, left, columns, scratch + r * tileRowBytes) }
                let tile = TIFFComputeTile(tif, UInt32(left), UInt32(top), 0, 0)
                guard TIFFWriteEncodedTile(tif, tile, scratch, tmsize_t(tileBytes)) == tmsize_t(tileBytes) else {
                    throw .writeFailed(path: handle.path, detail: "tile \(tile): \(handle.lastError)")
                }
            }
        }
    }
}
