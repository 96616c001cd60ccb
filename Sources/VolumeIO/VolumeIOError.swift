/// Everything that can go wrong reading or writing scans, each case naming the
/// file and saying what to do about it.
///
/// Indices in payloads are 0-based slice indices; messages also name the file,
/// which is what an operator can act on.
public enum VolumeIOError: Error, Equatable, CustomStringConvertible {
    /// Nothing at the path.
    case notFound(path: String)
    /// The file or folder exists but cannot be opened (permissions, I/O error).
    case unreadable(path: String, detail: String)
    /// A folder without any `.tif`/`.tiff` file.
    case emptyFolder(path: String)
    /// The file's first bytes are not a TIFF (or BigTIFF) header.
    case notATIFF(path: String, firstBytes: [UInt8])
    /// The header points at pixel data beyond the end of the file.
    case truncated(path: String, page: Int, expectedBytes: UInt64, actualBytes: UInt64)
    /// libtiff could not decode the header or the pixel data.
    case corrupt(path: String, page: Int, detail: String)
    /// A slice differs in size, bit depth or photometric from the rest of the volume.
    case inconsistentSlice(path: String, index: Int, found: String, expected: String)
    /// Slice numbers in a folder are not consecutive.
    case missingSlices(folder: String, missing: [String])
    /// Two files carry the same slice number (`im7.tif` and `im007.tif`).
    case duplicateSliceNumber(folder: String, number: Int, files: [String])
    /// Files in a folder do not share one numbered name pattern, so their order is unknown.
    case unorderedSliceNames(folder: String, examples: [String])
    /// A sample layout or codec cellqa does not read (12-bit, signed, RGB, JPEG…).
    case unsupportedFormat(path: String, page: Int, detail: String)
    /// The header declares a slice larger than the read limit; nothing was allocated.
    case sliceTooLarge(path: String, page: Int, width: Int, height: Int, bytes: UInt64, limit: UInt64)
    /// `slice(i)` outside `0..<depth`.
    case sliceIndexOutOfRange(index: Int, depth: Int)
    /// An image given to a writer that cannot be written as asked.
    case invalidImage(detail: String)
    /// Writing failed (disk full, permissions, encoder error); no partial file is left.
    case writeFailed(path: String, detail: String)
    /// A raw-volume header (NRRD, MetaImage, scanner INI) lacks a field or has one
    /// cellqa cannot use; `field` is spelled as in the header.
    case malformedHeader(path: String, field: String, detail: String)
    /// A header declares a voxel type cellqa does not read, named as declared.
    case unsupportedElementType(path: String, declared: String)
    /// A header declares a data encoding cellqa does not read, named as declared.
    case unsupportedEncoding(path: String, declared: String)
    /// The data file is longer than the header declares (dimensions × bytes per
    /// voxel + skip): the header belongs to another export, or its type is wrong.
    /// A shorter file is `truncated`, with `page` the first incomplete slice.
    case dataSizeMismatch(path: String, expectedBytes: UInt64, actualBytes: UInt64, declared: String)
    /// A `.vol`/`.raw` block with none of the headers that would describe it beside it.
    case noVolumeHeader(path: String, looked: [String])
    /// A scan file that is a FIFO, device, socket or folder (or a link to one): never read.
    case notRegularFile(path: String, kind: String)
    /// A symbolic link in the scan that resolves outside the export folder (or nowhere: `target` nil).
    case linkOutsideExport(path: String, target: String?, boundary: String)
    /// A metadata sidecar larger than cellqa reads.
    case sidecarTooLarge(path: String, bytes: Int64, limit: Int)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file or folder. Check the scan path."
        case .unreadable(let path, let detail):
            return "\(path): cannot be opened (\(detail)). Check permissions and that the export finished."
        case .emptyFolder(let path):
            return "\(path): folder holds no .tif/.tiff slices. Is the export still running, or is this the wrong folder?"
        case .notATIFF(let path, let bytes):
            let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
            return "\(path): not a TIFF file (first bytes \(hex.isEmpty ? "none: empty file" : hex)). "
                + "Re-export the slice as TIFF or remove the file from the scan folder."
        case .truncated(let path, let page, let expected, let actual):
            return "\(path): truncated (page \(page) needs \(expected) bytes, file has \(actual)). "
                + "The export or copy was interrupted: copy the scan again."
        case .corrupt(let path, let page, let detail):
            return "\(path): corrupt data in page \(page) (\(detail)). Re-export or copy the scan again."
        case .inconsistentSlice(let path, let index, let found, let expected):
            return "\(path): slice \(index) is \(found), the others \(expected): export incomplete or "
                + "files from another scan mixed in? Re-export the volume."
        case .missingSlices(let folder, let missing):
            let list = missing.count > 5 ? missing.prefix(5).joined(separator: ", ") + ", … (\(missing.count) in all)"
                                          : missing.joined(separator: ", ")
            return "\(folder): slice numbering has gaps, missing \(list). Export incomplete? Re-export the volume."
        case .duplicateSliceNumber(let folder, let number, let files):
            return "\(folder): slice number \(number) appears twice (\(files.joined(separator: ", "))). "
                + "Remove the stray file."
        case .unorderedSliceNames(let folder, let examples):
            return "\(folder): slice files do not share one numbered name pattern (e.g. \(examples.joined(separator: ", "))), "
                + "so their order is unknown. Remove files that are not slices of this scan."
        case .unsupportedFormat(let path, let page, let detail):
            return "\(path): page \(page) is \(detail), which cellqa does not read. Export as 8- or 16-bit unsigned "
                + "or 32-bit float greyscale, uncompressed, LZW, Deflate or PackBits."
        case .sliceTooLarge(let path, let page, let width, let height, let bytes, let limit):
            return "\(path): page \(page) declares \(width)×\(height) pixels (\(bytes) bytes), above the limit of "
                + "\(limit) bytes per slice. Corrupt header, or raise the read limit if the scan is really this large."
        case .sliceIndexOutOfRange(let index, let depth):
            return "slice index \(index) is outside 0..<\(depth)."
        case .invalidImage(let detail):
            return "cannot write image: \(detail)."
        case .writeFailed(let path, let detail):
            return "\(path): writing failed (\(detail)). Check free disk space and permissions."
        case .malformedHeader(let path, let field, let detail):
            return "\(path): header field `\(field)` \(detail). Fix the header or export the volume again."
        case .unsupportedElementType(let path, let declared):
            return "\(path): voxel type `\(declared)` is not read by cellqa. Export as 8-, 16- or 32-bit integers "
                + "or 32/64-bit float."
        case .unsupportedEncoding(let path, let declared):
            return "\(path): data encoding `\(declared)` is not read by cellqa. Export raw (uncompressed) or gzip/zlib."
        case .dataSizeMismatch(let path, let expected, let actual, let declared):
            return "\(path): the header declares \(declared) = \(expected) bytes, the file has \(actual). "
                + "Wrong header for this data file, or wrong dimensions or voxel type in it: check the export."
        case .noVolumeHeader(let path, let looked):
            return "\(path): raw volume without a header (looked for \(looked.joined(separator: ", "))). "
                + "Copy the header the scanner wrote beside it, or write a .nhdr/.mhd for it."
        case .notRegularFile(let path, let kind):
            return "\(path): \(kind), not a regular file; cellqa reads only regular files. "
                + "Replace it by the file itself or remove it from the scan folder."
        case .linkOutsideExport(let path, let target, let boundary):
            let whereTo = target.map { "to \($0), outside \(boundary)" } ?? "that leads nowhere inside \(boundary)"
            return "\(path): a symbolic link \(whereTo); cellqa reads no file outside the export folder. "
                + "Copy the file into the scan folder instead of linking to it."
        case .sidecarTooLarge(let path, let bytes, let limit):
            return "\(path): \(bytes) bytes, above the \(limit / 1024) KiB a metadata sidecar may have; not the "
                + "scanner's sidecar? Remove it or replace it by the scanner's own file."
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
