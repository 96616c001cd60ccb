import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// One test per way a scan can be broken, each asserting the typed error case
/// (and that its message names the file and says what to do).
@Suite("Bad input")
struct BadInputTests {
    /// Runs `body`, returning the `VolumeIOError` it throws (recording an issue otherwise).
    private func error(_ body: () throws -> Void) -> VolumeIOError? {
        do {
            try body()
            Issue.record("expected a VolumeIOError, nothing was thrown")
        } catch let error as VolumeIOError {
            return error
        } catch {
            Issue.record("expected a VolumeIOError, got \(error)")
        }
        return nil
    }

    private func writeSlices(_ count: Int, in directory: TemporaryDirectory, width: Int = 32, height: Int = 32,
                             names: (Int) -> String = { String(format: "im%03d.tif", $0 + 1) }) throws {
        for index in 0..<count {
            try TIFFWriter.write(TestImages.pattern(.uint8, width: width, height: height, seed: index),
                                 to: directory.file(names(index)))
        }
    }

    @Test("missing path")
    func notFound() throws {
        let path = "/nonexistent/cellqa/scan"
        #expect(error { _ = try TIFFVolume.open(path) } == .notFound(path: path))
    }

    @Test("empty folder: only marker files and a sub-folder")
    func emptyFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for marker in ["scan.done", "meta.json", "scan.xtekct", ".im001.tif"] {
            try Data("x".utf8).write(to: directory.url.appendingPathComponent(marker))
        }
        try FileManager.default.createDirectory(atPath: directory.file("sub.tif"), withIntermediateDirectories: false)
        let found = error { _ = try TIFFVolume.open(directory.path) }
        #expect(found == .emptyFolder(path: directory.path))
        #expect(found?.description.contains("no .tif/.tiff slices") == true)
    }

    @Test("a *.tif that is not a TIFF is reported, not skipped")
    func notATIFF() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeSlices(2, in: directory)
        try Data("hello, world".utf8).write(to: directory.url.appendingPathComponent("im003.tif"))
        let path = directory.file("im003.tif")
        #expect(error { _ = try TIFFVolume.open(directory.path) }
                == .notATIFF(path: path, firstBytes: Array("hell".utf8)))
        // An empty file too.
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(error { _ = try TIFFVolume.open(path) } == .notATIFF(path: path, firstBytes: []))
    }

    @Test("truncated file: pixel data ends past the end of the file")
    func truncated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("cut.tif")
        // 64×64 8-bit needs 4096 bytes of pixels; only 1000 are there.
        let full = HandMadeTIFF(width: 64, height: 64).bytes()
        let headerBytes = full.count - 4096
        try Data(full.prefix(headerBytes + 1000)).write(to: URL(fileURLWithPath: path))
        #expect(error { _ = try TIFFVolume.open(path) }
                == .truncated(path: path, page: 0, expectedBytes: UInt64(full.count), actualBytes: UInt64(headerBytes + 1000)))
    }

    /// Issue 19 item 2: a multi-page file cut short (an interrupted copy) kept its first
    /// pages whole and a link to the next directory: read as it stands it was a shorter
    /// scan that could PASS. Every cut that leaves the chain pointing past the end is
    /// refused, naming the pages read; the whole file reads all its pages.
    @Test("multi-page file cut short: the directory chain points past the end, refused, never a shorter scan")
    func multiPageCutShort() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let source = directory.file("whole.tif")
        try TIFFWriter.writeMultiPage((0..<10).map { TestImages.pattern(.uint16, width: 40, height: 30, seed: $0) }, to: source)
        #expect(try TIFFVolume.open(source).shape.depth == 10)
        let whole = try Data(contentsOf: URL(fileURLWithPath: source))
        var refused = 0
        for percent in [50, 80, 95] {
            let path = directory.file("cut\(percent).tif")
            try whole.prefix(whole.count * percent / 100).write(to: URL(fileURLWithPath: path))
            switch error({ _ = try TIFFVolume.open(path) }) {
            case .corrupt(_, let page, let detail)?:
                #expect(page > 0 && page < 10 && detail.contains("cut short"), "\(percent) %: \(detail)")
                refused += 1
            case .truncated?:
                refused += 1 // a cut inside a page's pixels: the truncation error, as for one page
            case let other:
                Issue.record("\(percent) %: \(other.map { "\($0)" } ?? "read as a shorter scan")")
            }
        }
        #expect(refused == 3)
    }

    @Test("corrupt compressed data: open succeeds (headers fine), slice() reports corrupt")
    func corruptData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("bad.tif")
        try TIFFWriter.write(TestImages.pattern(.uint8, width: 64, height: 64, seed: 1), to: path,
                             options: TIFFWriteOptions(compression: .deflate, layout: .stripped(rowsPerStrip: 64)))
        try Self.destroyPixelData(of: path)
        let volume = try TIFFVolume.open(path)
        guard case .corrupt(let failedPath, let page, let detail) = error({ _ = try volume.slice(0) }) else {
            Issue.record("expected .corrupt"); return
        }
        #expect(failedPath == path && page == 0)
        #expect(detail.contains("strip 0"))
    }

    /// libtiff writes the pixel data of a page right after the 8-byte header and
    /// the directory after it; overwriting the first bytes of data with 0xFF breaks
    /// the zlib stream header (CMF/FLG check) while leaving the directory intact.
    static func destroyPixelData(of path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 16))
    }

    @Test("a slice of another size: 'slice 2 is 16×16, the others 32×32'")
    func inconsistentSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeSlices(5, in: directory)
        try TIFFWriter.write(TestImages.pattern(.uint8, width: 16, height: 16, seed: 9), to: directory.file("im003.tif"))
        let found = error { _ = try TIFFVolume.open(directory.path) }
        #expect(found == .inconsistentSlice(path: directory.path, index: 2,
                                            found: "16×16 8-bit unsigned MinIsBlack (im003.tif)",
                                            expected: "32×32 8-bit unsigned MinIsBlack"))
        #expect(found?.description.contains("export incomplete") == true)
    }

    @Test("a slice of another bit depth")
    func inconsistentBitDepth() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeSlices(4, in: directory)
        try TIFFWriter.write(TestImages.pattern(.uint16, width: 32, height: 32, seed: 9), to: directory.file("im004.tif"))
        #expect(error { _ = try TIFFVolume.open(directory.path) }
                == .inconsistentSlice(path: directory.path, index: 3,
                                      found: "32×32 16-bit unsigned MinIsBlack (im004.tif)",
                                      expected: "32×32 8-bit unsigned MinIsBlack"))
    }

    @Test("gap in numbering: im001, im002, im004, im007 → im003, im005, im006 missing")
    func missingSlices() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let numbers = [1, 2, 4, 7]
        try writeSlices(numbers.count, in: directory) { String(format: "im%03d.tif", numbers[$0]) }
        #expect(error { _ = try TIFFVolume.open(directory.path) }
                == .missingSlices(folder: directory.path, missing: ["im003.tif", "im005.tif", "im006.tif"]))
    }

    @Test("the same number twice: im7.tif and im007.tif")
    func duplicateNumber() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeSlices(3, in: directory) { ["im6.tif", "im7.tif", "im007.tif"][$0] }
        guard case .duplicateSliceNumber(_, let number, let files) = error({ _ = try TIFFVolume.open(directory.path) }) else {
            Issue.record("expected .duplicateSliceNumber"); return
        }
        #expect(number == 7)
        #expect(Set(files) == ["im7.tif", "im007.tif"])
    }

    @Test("a stray TIFF among numbered slices")
    func strayFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeSlices(3, in: directory) { ["im001.tif", "im002.tif", "preview.tif"][$0] }
        #expect(error { _ = try TIFFVolume.open(directory.path) }
                == .unorderedSliceNames(folder: directory.path, examples: ["im001.tif", "preview.tif"]))
    }

    @Test("unsupported sample layouts and codecs", arguments: [
        (HandMadeTIFF(bitsPerSample: 12), "12-bit unsigned"),
        (HandMadeTIFF(bitsPerSample: 16, sampleFormat: 2), "16-bit signed integer"),
        (HandMadeTIFF(bitsPerSample: 64, sampleFormat: 3), "64-bit float"),
        (HandMadeTIFF(samplesPerPixel: 3, photometric: 2), "3 samples per pixel (RGB or with alpha), not greyscale"),
        (HandMadeTIFF(photometric: 3, colorMap: true), "palette colour"),
        (HandMadeTIFF(compression: 7), "JPEG-compressed (lossy)"),
    ])
    func unsupported(_ file: HandMadeTIFF, _ detail: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("odd.tif")
        try file.write(to: path)
        #expect(error { _ = try TIFFVolume.open(path) } == .unsupportedFormat(path: path, page: 0, detail: detail))
    }

    @Test("absurd declared size: 100000×100000 is refused before any allocation")
    func absurdSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("huge.tif")
        // Ten real bytes of data; the header claims 10^10.
        try HandMadeTIFF(width: 100_000, height: 100_000, pixelData: Array(repeating: 0, count: 10),
                         declaredByteCount: UInt32(truncatingIfNeeded: UInt64(10_000_000_000))).write(to: path)
        #expect(error { _ = try TIFFVolume.open(path) }
                == .sliceTooLarge(path: path, page: 0, width: 100_000, height: 100_000,
                                  bytes: 10_000_000_000, limit: 1 << 30))
        // A caller's own limit applies the same way.
        let small = directory.file("small.tif")
        try HandMadeTIFF(width: 64, height: 64, bitsPerSample: 8).write(to: small)
        #expect(error { _ = try TIFFVolume.open(small, limits: .init(maxSliceBytes: 4095)) }
                == .sliceTooLarge(path: small, page: 0, width: 64, height: 64, bytes: 4096, limit: 4095))
    }

    @Test("slice index outside the volume")
    func indexOutOfRange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeSlices(3, in: directory)
        let volume = try TIFFVolume.open(directory.path)
        #expect(error { _ = try volume.slice(3) } == .sliceIndexOutOfRange(index: 3, depth: 3))
        #expect(error { _ = try volume.rawSlice(-1) } == .sliceIndexOutOfRange(index: -1, depth: 3))
    }

    /// Never crash: 300 damaged copies of a valid file (random bytes overwritten,
    /// or cut at a random length, deterministic seed) must each either read or
    /// throw a `VolumeIOError`.
    @Test("damaged files never crash the reader")
    func fuzzedFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let source = directory.file("good.tif")
        try TIFFWriter.writeMultiPage((0..<3).map { TestImages.pattern(.uint16, width: 40, height: 30, seed: $0) },
                                      to: source, options: TIFFWriteOptions(compression: .lzw,
                                                                             layout: .tiled(width: 16, height: 16)))
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        var random = TestImages.LCG(state: 2024)
        var outcomes = (read: 0, refused: 0)
        for trial in 0..<300 {
            var bytes = original
            if trial % 3 == 0 {
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(random.next() % 8)) {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            let path = directory.file("damaged.tif")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let volume = try TIFFVolume.open(path, limits: .init(maxSliceBytes: 1 << 24))
                for index in 0..<volume.shape.depth { _ = try volume.slice(index) }
                outcomes.read += 1
            } catch is VolumeIOError {
                outcomes.refused += 1
            }
        }
        #expect(outcomes.read + outcomes.refused == 300)
        #expect(outcomes.refused > 0)
    }
}

/// Opening validates headers only: pixel data is decoded by `slice(_:)`, one slice per call.
@Suite("Laziness")
struct LazinessTests {
    @Test("open() of 30 slices whose pixel data is all destroyed succeeds; each slice(i) then fails alone")
    func openDoesNotDecode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let slices = (0..<30).map { TestImages.pattern(.uint8, width: 64, height: 64, seed: $0) }
        let paths = try TIFFWriter.writeFolder(slices, to: directory.path,
                                               options: TIFFWriteOptions(compression: .deflate,
                                                                         layout: .stripped(rowsPerStrip: 64)))
        // Slices 0…28 unreadable, slice 29 intact.
        for path in paths.dropLast() { try BadInputTests.destroyPixelData(of: path) }
        let volume = try TIFFVolume.open(directory.path)
        #expect(volume.shape.depth == 30)
        for index in [0, 14, 28] {
            #expect(throws: VolumeIOError.self) { _ = try volume.slice(index) }
        }
        #expect(try volume.rawSlice(29) == slices[29])
    }
}
