import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// `TIFFVolume.willRead`: the files of the hinted slices end up in the page cache.
@Suite("Read-ahead")
struct ReadAheadTests {
    @Test("willRead loads every page of the hinted slices' files, and no other file")
    func hintedFilesAreLoaded() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 512×512 16-bit: 512 kB per file, four times the kernel's usual read-ahead window.
        let slices = (0..<4).map { TestImages.pattern(.uint16, width: 512, height: 512, seed: $0) }
        try TIFFWriter.writeFolder(slices, to: directory.path)
        let volume = try TIFFVolume.open(directory.path)
        let files = volume.pages.map(\.path)
        for file in files { PageCache.drop(file) }
        guard try files.allSatisfy({ try Residency.fraction(of: $0) < 0.5 }) else {
            // A file system holding files in memory (tmpfs) keeps them: nothing to observe.
            volume.willRead([1, 3])
            return
        }
        volume.willRead([3, 1, 3])
        // The hint returns at once; the kernel reads in the background (a busy
        // disk, as under the parallel test run, can take seconds).
        let deadline = ContinuousClock.now + .seconds(30)
        var loaded = false
        while !loaded && ContinuousClock.now < deadline {
            loaded = try Residency.fraction(of: files[1]) == 1 && Residency.fraction(of: files[3]) == 1
            if !loaded { try await Task.sleep(for: .milliseconds(10)) }
        }
        let fractions = try [1, 3].map { try Residency.fraction(of: files[$0]) }
        #expect(loaded, "slices 1 and 3 wholly in the page cache within 30 s; resident: \(fractions)")
        #expect(try Residency.fraction(of: files[0]) < 0.5)
        #expect(try Residency.fraction(of: files[2]) < 0.5)
        // Reading is unchanged.
        #expect(try volume.rawSlice(3) == slices[3])
    }
}

/// How much of a file is in the page cache, as `mincore(2)` sees it.
enum Residency {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The share of the file's pages in the page cache, 0…1.
    static func fraction(of file: String) throws -> Double {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { throw Failure(description: "cannot open \(file)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { throw Failure(description: "cannot stat \(file)") }
        let size = Int(info.st_size)
        guard let map = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else {
            throw Failure(description: "cannot map \(file)")
        }
        defer { munmap(map, size) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var vector = [UInt8](repeating: 0, count: (size + pageSize - 1) / pageSize)
        guard mincore(map, size, &vector) == 0 else { throw Failure(description: "mincore failed on \(file)") }
        return Double(vector.filter { $0 & 1 == 1 }.count) / Double(vector.count)
    }
}
