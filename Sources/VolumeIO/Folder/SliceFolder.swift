import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The slice files of a scan folder, in slice order, with their numbering checked.
///
/// Slices are the non-hidden files named `*.tif` or `*.tiff` (any case), each a
/// regular file or a link to one inside the export folder (`ScanFile`): a slice
/// that is a FIFO, a device or a link leading out is refused, never read;
/// everything else (`.done`, `.json`, `.xtekct` markers, sub-folders, hidden files
/// such as our own atomic-write temporaries) is ignored. A file named `*.tif` that
/// is not a TIFF is NOT ignored: reading it fails with `notATIFF`.
///
/// With more than one slice, every name must follow one pattern: the same text
/// around one number (`im001.tif` … `im100.tif`, `slice_7.tiff`), the number being
/// the last digit run of the name. Numbers must be consecutive: a gap means a
/// missing slice (export incomplete), and a repeated number a stray file.
struct SliceFolder {
    let path: String
    /// Full paths in slice order.
    let files: [String]

    /// `boundary`: the folder slices may link into (`ScanFile.check`); a slice
    /// that is a FIFO, a device or a link leading out of it is refused.
    init(path: String, boundary: String? = nil) throws(VolumeIOError) {
        self.path = path
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable(path: path, detail: "cannot list the folder: \(error.localizedDescription)")
        }
        let url = URL(fileURLWithPath: path, isDirectory: true)
        let sliceNames = names.filter { name in
            guard !name.hasPrefix(".") else { return false }
            let ext = (name as NSString).pathExtension.lowercased()
            guard ext == "tif" || ext == "tiff" else { return false }
            // Real sub-folders are ignored; anything else named like a slice is
            // one, and must pass `ScanFile.check` below.
            var info = stat()
            return lstat(url.appendingPathComponent(name).path, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR
        }
        guard !sliceNames.isEmpty else { throw .emptyFolder(path: path) }
        let inside = boundary ?? ScanFile.boundary(of: path, exportRoot: nil)
        for name in NaturalOrder.sorted(sliceNames) {
            try ScanFile.check(url.appendingPathComponent(name).path, boundary: inside)
        }
        let ordered = NaturalOrder.sorted(sliceNames)
        if ordered.count > 1 { try Self.checkNumbering(ordered, folder: path) }
        files = ordered.map { url.appendingPathComponent($0).path }
    }

    /// A name split around its last digit run.
    struct NumberedName: Equatable {
        let prefix: String
        let digits: String
        let suffix: String
        var number: UInt64 { UInt64(digits) ?? .max }

        init?(_ name: String) {
            let stem = (name as NSString).deletingPathExtension
            guard let last = stem.lastIndex(where: { $0.isASCII && $0.isNumber }) else { return nil }
            var first = last
            while first > stem.startIndex {
                let before = stem.index(before: first)
                guard stem[before].isASCII && stem[before].isNumber else { break }
                first = before
            }
            prefix = String(stem[..<first]).lowercased()
            digits = String(stem[first...last])
            suffix = String(stem[stem.index(after: last)...]).lowercased()
        }
    }

    /// `names` sorted naturally; throws on a mixed pattern, a repeat or a gap.
    static func checkNumbering(_ names: [String], folder: String) throws(VolumeIOError) {
        let numbered = names.map(NumberedName.init)
        guard let first = numbered[0] else {
            throw .unorderedSliceNames(folder: folder, examples: [names[0], names[1]])
        }
        if let odd = numbered.firstIndex(where: { $0 == nil || $0!.prefix != first.prefix || $0!.suffix != first.suffix }) {
            throw .unorderedSliceNames(folder: folder, examples: [names[0], names[odd]])
        }
        let entries = numbered.map { $0! }
        for i in 1..<entries.count where entries[i].number == entries[i - 1].number {
            throw .duplicateSliceNumber(folder: folder, number: Int(clamping: entries[i].number),
                                        files: [names[i - 1], names[i]])
        }
        let ext = (names[0] as NSString).pathExtension
        let width = entries[0].digits.count
        var missing: [String] = []
        for i in 1..<entries.count {
            let previous = entries[i - 1].number, current = entries[i].number
            guard current - previous > 1 else { continue }
            // Name the missing files as the folder's own pattern would (zero-padded like the first).
            var n = previous + 1
            while n < current && missing.count < 1000 {
                var digits = String(n)
                if digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
                let original = (names[i] as NSString).deletingPathExtension
                let prefix = String(original.prefix(entries[i].prefix.count))
                let suffix = String(original.suffix(entries[i].suffix.count))
                missing.append(prefix + digits + suffix + "." + ext)
                n += 1
            }
        }
        guard missing.isEmpty else { throw .missingSlices(folder: folder, missing: missing) }
    }
}
