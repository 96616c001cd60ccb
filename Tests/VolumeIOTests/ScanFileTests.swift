import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

#if canImport(Glibc)
import Glibc
#endif

/// Issue 19 item 7: slices and sidecars that are links out of the export folder,
/// FIFOs or oversized are refused with a typed error, never read.
@Suite("Links, special files and oversized sidecars")
struct ScanFileTests {
    /// `export/scan/` with two real slices, and a folder `outside/` beside `export/`.
    struct Layout {
        let dir: TemporaryDirectory
        var export: String { dir.file("export") }
        var scan: String { dir.file("export/scan") }
        var outside: String { dir.file("outside") }
        var real: String { ScanFile.resolved(dir.path)! }

        init() throws {
            dir = try TemporaryDirectory()
            for folder in ["export/scan", "export/other", "outside"] {
                try FileManager.default.createDirectory(atPath: dir.file(folder), withIntermediateDirectories: true)
            }
            for (index, path) in ["export/scan/im001.tif", "export/scan/im002.tif", "export/other/im009.tif",
                                  "outside/secret.tif"].enumerated() {
                try TIFFWriter.write(TestImages.pattern(.uint8, width: 16, height: 16, seed: index), to: dir.file(path))
            }
        }
    }

    private func error(_ body: () throws -> Void) -> VolumeIOError? { RawFixtures.error(body) }

    @Test("a slice linked out of the export folder is refused, naming the link and its target")
    func sliceLinkOutside() throws {
        let l = try Layout(); defer { l.dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: l.scan + "/im003.tif", withDestinationPath: l.outside + "/secret.tif")
        let thrown = error { _ = try TIFFVolume.open(l.scan, boundary: l.export) }
        #expect(thrown == .linkOutsideExport(path: l.scan + "/im003.tif", target: l.real + "/outside/secret.tif",
                                             boundary: l.real + "/export"))
        #expect(thrown?.description.contains("Copy the file into the scan folder") == true)
        // Without a boundary the folder holding the scan is it: export/, so still refused.
        #expect(error { _ = try TIFFVolume.open(l.scan) } == thrown)
        // A link to /etc/passwd: refused before a byte of it is read.
        try FileManager.default.removeItem(atPath: l.scan + "/im003.tif")
        try FileManager.default.createSymbolicLink(atPath: l.scan + "/im003.tif", withDestinationPath: "/etc/passwd")
        #expect(error { _ = try TIFFVolume.open(l.scan, boundary: l.export) }
                == .linkOutsideExport(path: l.scan + "/im003.tif", target: "/etc/passwd", boundary: l.real + "/export"))
    }

    @Test("a slice linked to a file inside the export folder is read")
    func sliceLinkInside() throws {
        let l = try Layout(); defer { l.dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: l.scan + "/im003.tif", withDestinationPath: "../other/im009.tif")
        let volume = try TIFFVolume.open(l.scan, boundary: l.export)
        #expect(volume.shape.depth == 3)
        #expect(try volume.slice(2) == (try TIFFVolume.open(l.export + "/other/im009.tif")).slice(0))
    }

    @Test("a FIFO or a dangling link named as a slice is refused without blocking")
    func fifoAndDanglingSlice() throws {
        let l = try Layout(); defer { l.dir.remove() }
        #expect(mkfifo(l.scan + "/im003.tif", 0o600) == 0)
        #expect(error { _ = try TIFFVolume.open(l.scan, boundary: l.export) }
                == .notRegularFile(path: l.scan + "/im003.tif", kind: "a FIFO (named pipe)"))
        try FileManager.default.removeItem(atPath: l.scan + "/im003.tif")
        try FileManager.default.createSymbolicLink(atPath: l.scan + "/im003.tif", withDestinationPath: "gone.tif")
        #expect(error { _ = try TIFFVolume.open(l.scan, boundary: l.export) }
                == .linkOutsideExport(path: l.scan + "/im003.tif", target: nil, boundary: l.real + "/export"))
    }

    @Test("a multi-page file linked out of the export folder is refused")
    func multiPageLinkOutside() throws {
        let l = try Layout(); defer { l.dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: l.export + "/cell.tif", withDestinationPath: l.outside + "/secret.tif")
        #expect(error { _ = try TIFFVolume.open(l.export + "/cell.tif", boundary: l.export) }
                == .linkOutsideExport(path: l.export + "/cell.tif", target: l.real + "/outside/secret.tif", boundary: l.real + "/export"))
    }

    @Test("sidecars: capped at 1 MiB (a sparse 1 GB file is refused unread), FIFOs refused, links checked")
    func sidecars() throws {
        let l = try Layout(); defer { l.dir.remove() }
        let json = l.scan + "/cellqa.json"
        try Data(#"{"serial": "S1"}"#.utf8).write(to: URL(fileURLWithPath: json))
        #expect(try ScanFile.readSidecar(json, boundary: l.export) == Data(#"{"serial": "S1"}"#.utf8))

        let exact = l.scan + "/exact.xtekct"
        try Data(repeating: 65, count: ScanFile.sidecarLimit).write(to: URL(fileURLWithPath: exact))
        #expect(try ScanFile.readSidecar(exact, boundary: l.export).count == ScanFile.sidecarLimit)

        let huge = l.scan + "/huge.json"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let tooLarge = error { _ = try ScanFile.readSidecar(huge, boundary: l.export) }
        #expect(tooLarge == .sidecarTooLarge(path: huge, bytes: 1 << 30, limit: ScanFile.sidecarLimit))
        #expect(tooLarge?.description.contains("above the 1024 KiB a metadata sidecar may have") == true)

        let fifo = l.scan + "/scan.pcr"
        #expect(mkfifo(fifo, 0o600) == 0)
        let refused = error { _ = try ScanFile.readSidecar(fifo, boundary: l.export) }
        #expect(refused == .notRegularFile(path: fifo, kind: "a FIFO (named pipe)"))
        #expect(refused?.description.contains("permission") == false)

        let link = l.scan + "/linked.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: l.outside + "/secret.tif")
        #expect(error { _ = try ScanFile.readSidecar(link, boundary: l.export) }
                == .linkOutsideExport(path: link, target: l.real + "/outside/secret.tif", boundary: l.real + "/export"))
    }

    @Test("the boundary is the export folder for a scan below it, else the folder holding the scan")
    func boundary() throws {
        let l = try Layout(); defer { l.dir.remove() }
        #expect(ScanFile.boundary(of: l.scan, exportRoot: l.export) == l.real + "/export")
        #expect(ScanFile.boundary(of: l.export + "/other", exportRoot: l.dir.path) == l.real)
        #expect(ScanFile.boundary(of: l.outside + "/secret.tif", exportRoot: l.export) == l.real + "/outside")
        #expect(ScanFile.boundary(of: l.scan, exportRoot: nil) == l.real + "/export")
    }
}
