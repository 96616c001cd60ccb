import CTIFF
import Imaging

/// Decodes one page's pixels strip by strip (or tile by tile) into a typed array.
///
/// Each strip/tile is decoded by libtiff (decompression, predictor, byte swap to
/// host order, bit-fill order) into one scratch buffer, then every row segment is
/// converted once into the output. Nothing is allocated per pixel or per row.
enum TIFFPixelDecoder {
    /// Converts `count` samples starting at the first byte of a row segment.
    typealias RowConverter<T> = (_ source: UnsafeRawPointer, _ destination: UnsafeMutablePointer<T>, _ count: Int) -> Void

    /// Moves `handle` to `info`'s directory and decodes it with `convert`.
    static func decode<T>(_ handle: TIFFHandle, _ info: TIFFPageInfo,
                          convert: RowConverter<T>) throws(VolumeIOError) -> Image<T> {
        let tif = handle.tif
        guard TIFFSetSubDirectory(tif, info.directoryOffset) == 1 else {
            throw .corrupt(path: info.path, page: info.page, detail: handle.lastError)
        }
        let width = info.width, height = info.height
        // The file may have been replaced since `open` validated it; never decode
        // a page whose geometry differs from what the buffers are sized for.
        var currentWidth: UInt32 = 0, currentHeight: UInt32 = 0, currentBits: UInt16 = 1
        _ = cellqa_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &currentWidth)
        _ = cellqa_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &currentHeight)
        _ = cellqa_tiff_get_u16_defaulted(tif, UInt32(TIFFTAG_BITSPERSAMPLE), &currentBits)
        guard Int(currentWidth) == width, Int(currentHeight) == height,
              Int(currentBits) == info.sampleFormat.bitsPerSample else {
            throw .corrupt(path: info.path, page: info.page,
                           detail: "the file changed since the volume was opened; open it again")
        }
        var failure: VolumeIOError? = nil
        let pixels = [T](unsafeUninitializedCapacity: width * height) { buffer, initialized in
            do throws(VolumeIOError) {
                switch info.layout {
                case .stripped(let rowsPerStrip):
                    try decodeStrips(handle, info, rowsPerStrip: rowsPerStrip, into: buffer.baseAddress!, convert: convert)
                case .tiled(let tileWidth, let tileHeight):
                    try decodeTiles(handle, info, tileWidth: tileWidth, tileHeight: tileHeight,
                                    into: buffer.baseAddress!, convert: convert)
                }
                initialized = width * height
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return Image(width: width, height: height, pixels: pixels)
    }

    private static func decodeStrips<T>(_ handle: TIFFHandle, _ info: TIFFPageInfo, rowsPerStrip: Int,
                                        into output: UnsafeMutablePointer<T>,
                                        convert: RowConverter<T>) throws(VolumeIOError) {
        let rowBytes = info.sampleFormat.bytesPerRow(width: info.width)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: rowsPerStrip * rowBytes, alignment: 16)
        defer { scratch.deallocate() }
        var row = 0
        var strip: UInt32 = 0
        while row < info.height {
            let rows = min(rowsPerStrip, info.height - row)
            let expected = rows * rowBytes
            let decoded = TIFFReadEncodedStrip(handle.tif, strip, scratch, tmsize_t(expected))
            guard decoded == expected else {
                throw .corrupt(path: info.path, page: info.page,
                               detail: "strip \(strip): " + (decoded < 0 ? handle.lastError
                                   : "decoded \(decoded) of \(expected) bytes"))
            }
            for r in 0..<rows {
                convert(scratch + r * rowBytes, output + (row + r) * info.width, info.width)
            }
            row += rows
            strip += 1
        }
    }

    private static func decodeTiles<T>(_ handle: TIFFHandle, _ info: TIFFPageInfo, tileWidth: Int, tileHeight: Int,
                                       into output: UnsafeMutablePointer<T>,
                                       convert: RowConverter<T>) throws(VolumeIOError) {
        let tileRowBytes = info.sampleFormat.bytesPerRow(width: tileWidth)
        let tileBytes = tileRowBytes * tileHeight
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: tileBytes, alignment: 16)
        defer { scratch.deallocate() }
        for top in stride(from: 0, to: info.height, by: tileHeight) {
            for left in stride(from: 0, to: info.width, by: tileWidth) {
                let tile = TIFFComputeTile(handle.tif, UInt32(left), UInt32(top), 0, 0)
                let decoded = TIFFReadEncodedTile(handle.tif, tile, scratch, tmsize_t(tileBytes))
                guard decoded == tileBytes else {
                    throw .corrupt(path: info.path, page: info.page,
                                   detail: "tile \(tile): " + (decoded < 0 ? handle.lastError
                                       : "decoded \(decoded) of \(tileBytes) bytes"))
                }
                let rows = min(tileHeight, info.height - top)
                let columns = min(tileWidth, info.width - left)
                for r in 0..<rows {
                    convert(scratch + r * tileRowBytes, output + (top + r) * info.width + left, columns)
                }
            }
        }
    }
}

/// Row conversions: stored samples (already in host byte order) to output types.
enum SampleConversion {
    @inline(__always)
    static func copy<T>(_ source: UnsafeRawPointer, _ destination: UnsafeMutablePointer<T>, _ count: Int) {
        UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count * MemoryLayout<T>.stride)
    }

    @inline(__always)
    static func uint8ToFloat(_ source: UnsafeRawPointer, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count { destination[i] = Float(bytes[i]) }
    }

    @inline(__always)
    static func uint16ToFloat(_ source: UnsafeRawPointer, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
        let words = source.assumingMemoryBound(to: UInt16.self)
        for i in 0..<count { destination[i] = Float(words[i]) }
    }

    /// 1-bit rows, most significant bit first (libtiff has already undone FillOrder 2).
    @inline(__always)
    static func unpackBits<T>(_ source: UnsafeRawPointer, _ destination: UnsafeMutablePointer<T>, _ count: Int,
                              zero: T, one: T) {
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        var i = 0
        while i + 8 <= count {
            let byte = bytes[i >> 3]
            for bit in 0..<8 { destination[i + bit] = (byte & (0x80 >> UInt8(bit))) != 0 ? one : zero }
            i += 8
        }
        while i < count {
            destination[i] = (bytes[i >> 3] & (0x80 >> UInt8(i & 7))) != 0 ? one : zero
            i += 1
        }
    }
}
