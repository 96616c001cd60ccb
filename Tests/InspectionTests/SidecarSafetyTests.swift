import CellQATestKit
import Foundation
import Inspection
import Testing
import VolumeIO

#if canImport(Glibc)
import Glibc
#endif

/// Issue 19 item 7 through the inspector: a sidecar that is a link out of the
/// export folder, a FIFO or a huge file makes an ERROR record whose reason
/// names the file and what to do (no raw Foundation text), and nothing of it is read.
@Suite("Sidecars that must not be read")
struct SidecarSafetyTests {
    func inspect(_ path: String) async throws -> InspectionRecord {
        await (try Fixtures.inspector(stages: [])).inspect(path: path).record
    }

    @Test("cellqa.json linked to a file outside the export folder: ERROR naming the link")
    func linkedOutside() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let elsewhere = try TemporaryDirectory(); defer { elsewhere.remove() }
        let scan = try Fixtures.scanFolder(in: dir, name: "SN1_18650", serial: "SN1")
        try Data(#"{"serial": "STOLEN"}"#.utf8).write(to: elsewhere.url.appendingPathComponent("x.json"))
        try FileManager.default.removeItem(atPath: scan + "/cellqa.json")
        try FileManager.default.createSymbolicLink(atPath: scan + "/cellqa.json", withDestinationPath: elsewhere.file("x.json"))
        let record = try await inspect(scan)
        #expect(record.verdict == .error)
        let reason = try #require(record.reasons.first)
        #expect(reason.hasPrefix("reading scan metadata: \(scan)/cellqa.json: a symbolic link to "))
        #expect(reason.contains("cellqa reads no file outside the export folder"))
        #expect(record.scan.metadata.serial != "STOLEN")
    }

    @Test("a FIFO sidecar: ERROR saying it is a FIFO, without blocking or a permission message")
    func fifo() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = try Fixtures.scanFolder(in: dir, name: "SN2_18650", serial: "SN2")
        #expect(mkfifo(scan + "/SN2_18650.xtekct", 0o600) == 0)
        let record = try await inspect(scan)
        #expect(record.verdict == .error)
        #expect(record.reasons == ["reading scan metadata: " + VolumeIOError.notRegularFile(
            path: scan + "/SN2_18650.xtekct", kind: "a FIFO (named pipe)").description])
        #expect(!record.reasons[0].localizedCaseInsensitiveContains("permission"))
    }

    @Test("a 1 GB cellqa.json (sparse): ERROR naming its size and the limit, nothing read")
    func huge() async throws {
        let dir = try TemporaryDirectory(); defer { dir.remove() }
        let scan = try Fixtures.scanFolder(in: dir, name: "SN3_18650", serial: "SN3")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: scan + "/cellqa.json"))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let record = try await inspect(scan)
        #expect(record.verdict == .error)
        #expect(record.reasons == ["reading scan metadata: " + VolumeIOError.sidecarTooLarge(
            path: scan + "/cellqa.json", bytes: 1 << 30, limit: ScanFile.sidecarLimit).description])
    }
}
