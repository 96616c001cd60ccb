import CTIFF
import Foundation
import Imaging

/// What the header of one TIFF page (directory) says, validated, without its pixels.
public struct TIFFPageInfo: Sendable, Hashable {
    /// The file holding this page.
    public let path: String
    /// 0-based index among the file's full-resolution pages.
    public let page: Int
    /// File offset of the page's directory (IFD): `TIFFSetSubDirectory` jumps
    /// straight to it, so reading page 1999 does not walk 1999 directories.
    let directoryOffset: UInt64
    public let width: Int
    public let height: Int
    public let sampleFormat: TIFFSampleFormat
    public let photometric: TIFFPhotometric
    public let compression: TIFFCompression
    public let byteOrder: TIFFByteOrder
    public let layout: TIFFTileLayout
    /// Pixel size from the resolution tags (or ImageJ's description), if they give a physical unit.
    public let declaredVoxelSize: VoxelSize?

    /// Decoded size of the page in bytes (rows padded to whole bytes).
    public var byteCount: UInt64 { UInt64(sampleFormat.bytesPerRow(width: width)) * UInt64(height) }

    /// "728×728 8-bit unsigned MinIsBlack": the properties all slices of a volume must share.
    var volumeSignature: String { "\(width)×\(height) \(sampleFormat) \(photometric)" }
}

extension TIFFPageInfo {
    /// Reads and validates the current directory of `handle`. Reads only tags and
    /// strip/tile offset tables, never pixel data; rejects a page larger than
    /// `maxSliceBytes` before anything is allocated for it.
    static func read(_ handle: TIFFHandle, page: Int, fileSize: UInt64,
                     maxSliceBytes: UInt64) throws(VolumeIOError) -> TIFFPageInfo {
        let tif = handle.tif
        let path = handle.path
        func unsupported(_ detail: String) -> VolumeIOError { .unsupportedFormat(path: path, page: page, detail: detail) }

        var width: UInt32 = 0, height: UInt32 = 0
        guard cellqa_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &width) == 1,
              cellqa_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &height) == 1,
              width > 0, height > 0 else {
            throw .corrupt(path: path, page: page, detail: "missing or zero image width/height")
        }

        var samplesPerPixel: UInt16 = 1
        _ = cellqa_tiff_get_u16_defaulted(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samplesPerPixel)
        guard samplesPerPixel == 1 else {
            throw unsupported("\(samplesPerPixel) samples per pixel (RGB or with alpha), not greyscale")
        }

        var bits: UInt16 = 1, formatTag: UInt16 = UInt16(SAMPLEFORMAT_UINT)
        _ = cellqa_tiff_get_u16_defaulted(tif, UInt32(TIFFTAG_BITSPERSAMPLE), &bits)
        _ = cellqa_tiff_get_u16_defaulted(tif, UInt32(TIFFTAG_SAMPLEFORMAT), &formatTag)
        guard let sampleFormat = TIFFSampleFormat(bitsPerSample: bits, sampleFormat: formatTag) else {
            throw unsupported(TIFFSampleFormat.describe(bitsPerSample: bits, sampleFormat: formatTag))
        }

        // Checked before libtiff sizes any buffer for this page.
        let rowBytes = (UInt64(width) * UInt64(bits) + 7) / 8
        let (bytes, overflow) = rowBytes.multipliedReportingOverflow(by: UInt64(height))
        guard !overflow, bytes <= maxSliceBytes else {
            throw .sliceTooLarge(path: path, page: page, width: Int(width), height: Int(height),
                                 bytes: overflow ? .max : bytes, limit: maxSliceBytes)
        }

        // A missing PhotometricInterpretation is read as MinIsBlack, the common meaning.
        var photometricTag: UInt16 = UInt16(PHOTOMETRIC_MINISBLACK)
        _ = cellqa_tiff_get_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), &photometricTag)
        let photometric: TIFFPhotometric
        switch Int32(photometricTag) {
        case PHOTOMETRIC_MINISBLACK: photometric = .minIsBlack
        case PHOTOMETRIC_MINISWHITE: photometric = .whiteIsZero
        case PHOTOMETRIC_RGB: throw unsupported("RGB")
        case PHOTOMETRIC_PALETTE: throw unsupported("palette colour")
        default: throw unsupported("photometric interpretation \(photometricTag)")
        }

        var compressionTag: UInt16 = UInt16(COMPRESSION_NONE)
        _ = cellqa_tiff_get_u16_defaulted(tif, UInt32(TIFFTAG_COMPRESSION), &compressionTag)
        guard let compression = TIFFCompression(tagValue: compressionTag),
              TIFFIsCODECConfigured(compressionTag) == 1 else {
            throw unsupported(TIFFCompression.name(ofUnsupported: compressionTag))
        }

        var predictor: UInt16 = UInt16(PREDICTOR_NONE)
        if compression == .lzw || compression == .deflate {
            _ = cellqa_tiff_get_u16_defaulted(tif, UInt32(TIFFTAG_PREDICTOR), &predictor)
        }
        switch (Int32(predictor), sampleFormat) {
        case (PREDICTOR_NONE, _),
             (PREDICTOR_HORIZONTAL, .uint8), (PREDICTOR_HORIZONTAL, .uint16), (PREDICTOR_HORIZONTAL, .float32),
             (PREDICTOR_FLOATINGPOINT, .float32):
            break
        default:
            throw unsupported("\(sampleFormat) with predictor \(predictor)")
        }

        let layout: TIFFTileLayout
        if TIFFIsTiled(tif) != 0 {
            var tileWidth: UInt32 = 0, tileHeight: UInt32 = 0
            guard cellqa_tiff_get_u32(tif, UInt32(TIFFTAG_TILEWIDTH), &tileWidth) == 1,
                  cellqa_tiff_get_u32(tif, UInt32(TIFFTAG_TILELENGTH), &tileHeight) == 1,
                  tileWidth > 0, tileHeight > 0, tileWidth % 8 == 0 else {
                throw .corrupt(path: path, page: page, detail: "invalid tile size")
            }
            // A tile may not be absurdly larger than the image either.
            let tileBytes = (UInt64(tileWidth) * UInt64(bits) + 7) / 8 * UInt64(tileHeight)
            guard tileBytes <= max(maxSliceBytes, 1 << 20) else {
                throw .sliceTooLarge(path: path, page: page, width: Int(tileWidth), height: Int(tileHeight),
                                     bytes: tileBytes, limit: maxSliceBytes)
            }
            layout = .tiled(width: Int(tileWidth), height: Int(tileHeight))
        } else {
            var rowsPerStrip: UInt32 = height
            _ = cellqa_tiff_get_u32_defaulted(tif, UInt32(TIFFTAG_ROWSPERSTRIP), &rowsPerStrip)
            layout = .stripped(rowsPerStrip: Int(min(max(rowsPerStrip, 1), height)))
        }

        try checkPixelDataInsideFile(handle, page: page, fileSize: fileSize)

        return TIFFPageInfo(
            path: path, page: page, directoryOffset: TIFFCurrentDirOffset(tif),
            width: Int(width), height: Int(height), sampleFormat: sampleFormat, photometric: photometric,
            compression: compression, byteOrder: TIFFIsBigEndian(tif) != 0 ? .bigEndian : .littleEndian,
            layout: layout, declaredVoxelSize: TIFFResolution.voxelSize(handle))
    }

    /// A strip or tile that ends beyond the end of the file means the file was cut
    /// short (interrupted export or copy): caught here from the offset tables alone.
    private static func checkPixelDataInsideFile(_ handle: TIFFHandle, page: Int,
                                                 fileSize: UInt64) throws(VolumeIOError) {
        let tif = handle.tif
        let count = TIFFIsTiled(tif) != 0 ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif)
        guard count > 0 else {
            throw .corrupt(path: handle.path, page: page, detail: "no strip or tile offsets")
        }
        var end: UInt64 = 0
        for strile in 0..<count {
            var failed: Int32 = 0
            let offset = TIFFGetStrileOffsetWithErr(tif, strile, &failed)
            let length = TIFFGetStrileByteCountWithErr(tif, strile, &failed)
            guard failed == 0 else {
                throw .corrupt(path: handle.path, page: page, detail: handle.lastError)
            }
            let (stripEnd, overflow) = offset.addingReportingOverflow(length)
            end = overflow ? .max : max(end, stripEnd)
        }
        guard end <= fileSize else {
            throw .truncated(path: handle.path, page: page, expectedBytes: end, actualBytes: fileSize)
        }
    }
}
