import CellQATestKit
import Foundation
import Inspection
import Testing

/// Issue 19 item 1: two scans never share one record.
@Suite("Scan ids: unique per export path, stable, safe")
struct ScanIDTests {
    let root = "/export"

    @Test("plain names in the export root stay as they are")
    func plainNamesStay() {
        #expect(ScanID.make(path: "/export/C0001", exportRoot: root) == "C0001")
        #expect(ScanID.make(path: "/export/SN200_18650", exportRoot: root) == "SN200_18650")
        // A multi-page file keeps its extension: a folder C0001 beside it is another scan.
        #expect(ScanID.make(path: "/export/C0001.tif", exportRoot: root) == "C0001.tif")
        #expect(ScanID.make(path: "/export/C0001/", exportRoot: "/export/") == "C0001")
    }

    @Test("names cleaning would change get a hash of their path: cell 42 and cell_42 differ")
    func cleanedNamesAreHashed() {
        let spaced = ScanID.make(path: "/export/cell 42", exportRoot: root)
        let underscored = ScanID.make(path: "/export/cell_42", exportRoot: root)
        #expect(spaced == "cell_42--46af82d451") // SHA-256("cell 42"), first 10 hex digits
        #expect(underscored == "cell_42")
        #expect(spaced != underscored)
    }

    @Test("scans of the same name in different sub-folders differ: line1/cellZ and line2/cellZ")
    func subFoldersAreHashed() {
        let one = ScanID.make(path: "/export/line1/cellZ", exportRoot: root)
        let two = ScanID.make(path: "/export/line2/cellZ", exportRoot: root)
        #expect(one == "cellZ--ca0b301e9e")
        #expect(two == "cellZ--0bf6307a3d")
    }

    @Test("... and scan differ; nothing starts with - or .")
    func dotsAndDashes() {
        #expect(ScanID.make(path: "/export/...", exportRoot: root) == "scan--ab5df625bc")
        #expect(ScanID.make(path: "/export/scan", exportRoot: root) == "scan")
        #expect(ScanID.make(path: "/export/-rf", exportRoot: root) == "rf--686c39acd6")
        // A name that looks like a hashed id is hashed itself, so it cannot take another scan's id.
        #expect(ScanID.make(path: "/export/cell_42--x", exportRoot: root) == "cell_42--x--cf6c6a1487")
        let hostile = ["-", "--", "..x", "-.-", ".hidden", "-n", " ", "ä", "a/b/-c", ".../..."]
        for name in hostile {
            let id = ScanID.make(path: "/export/" + name, exportRoot: root)
            #expect(!id.hasPrefix("-") && !id.hasPrefix("."), "\(name) → \(id)")
            #expect(id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) })
        }
        let ids = Set(hostile.map { ScanID.make(path: "/export/" + $0, exportRoot: root) })
        #expect(ids.count == hostile.count)
    }

    @Test("the same path gives the same id every time; a long name stays a valid folder name")
    func stableAndBounded() {
        let path = "/export/2026-11-26/cell F#1"
        #expect(ScanID.make(path: path, exportRoot: root) == ScanID.make(path: path, exportRoot: root))
        #expect(ScanID.make(path: path, exportRoot: root) == ScanID.make(path: "/export/./2026-11-26/cell F#1/", exportRoot: root))
        let long = String(repeating: "a", count: 250)
        let id = ScanID.make(path: "/export/" + long, exportRoot: root)
        #expect(id.count == ScanID.maxPlainLength + 2 + ScanID.hashLength)
        #expect(id.hasPrefix(String(repeating: "a", count: ScanID.maxPlainLength) + "--"))
    }

    @Test("outside the export root a scan is named as if its folder were the root")
    func outsideTheRoot() {
        #expect(ScanID.make(path: "/tmp/x/C0001", exportRoot: root) == "C0001")
        #expect(ScanID.make(path: "/tmp/x/C0001", exportRoot: nil) == "C0001")
        #expect(ScanID.make(path: "/exported/C0001", exportRoot: root) == "C0001")
        #expect(ScanID.make(path: "/tmp/x/cell vol#3", exportRoot: nil) == "cell_vol_3--e57807c997")
    }

    @Test("cellqa inspect names a scan as the daemon does: the metadata reader's export root")
    func readerUsesTheExportRoot() throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = dir.url.appendingPathComponent("line1/cellZ")
        try FileManager.default.createDirectory(at: scan, withIntermediateDirectories: true)
        try Data([0]).write(to: scan.appendingPathComponent("im001.tif"))
        let reader = ScanMetadataReader(exportRoot: dir.path)
        #expect(try reader.scan(at: scan.path).id == "cellZ--ca0b301e9e")
        var configuration = DaemonConfiguration()
        configuration.exportFolder = dir.path
        #expect(try configuration.metadataReader.scan(at: scan.path).id == "cellZ--ca0b301e9e")
    }
}
