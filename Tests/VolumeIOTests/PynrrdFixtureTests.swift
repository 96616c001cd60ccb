import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// NRRD files written by pynrrd (`scripts/make-nrrd-fixtures.py`, run by `.ci/run`):
/// the reader against a writer it did not write. Skipped, saying so, when the
/// fixtures have not been made.
@Suite("pynrrd fixtures")
struct PynrrdFixtureTests {
    struct Manifest: Decodable {
        struct File: Decodable {
            let file: String
            let type: String
            let byteOrder: String
            let encoding: String
            let spacings: [Double]
        }
        let writer: String
        let files: [File]
    }

    /// `$CELLQA_NRRD_FIXTURES`, else `<repo>/.build/fixtures/pynrrd`.
    static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["CELLQA_NRRD_FIXTURES"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return SharedData.repositoryRoot.appendingPathComponent(".build/fixtures/pynrrd", isDirectory: true)
    }()

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("manifest.json").path)
    }

    @Test("every pynrrd file: type, byte order, encoding, every voxel, spacings",
          .enabled(if: available, "pynrrd fixtures not found (run scripts/make-nrrd-fixtures.py; needs pip install pynrrd); skipping"))
    func pynrrdFiles() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        #expect(manifest.files.count == 28)
        for entry in manifest.files {
            let volume = try RawVolume.open(Self.directory.appendingPathComponent(entry.file).path)
            let type = try #require(RawElementType(rawValue: entry.type))
            #expect(volume.layout.elementType == type, "\(entry.file)")
            #expect(volume.layout.byteOrder.rawValue == entry.byteOrder || type.byteCount == 1, "\(entry.file)")
            #expect(volume.layout.encoding.rawValue == entry.encoding, "\(entry.file)")
            #expect(volume.shape == RawFixtures.shape, "\(entry.file)")
            #expect(RawFixtures.approximately(volume.voxelSize, VoxelSize(x: entry.spacings[0], y: entry.spacings[1],
                                                                         z: entry.spacings[2])), "\(entry.file)")
            #expect(try RawFixtures.mismatches(volume, type) == [], "\(entry.file) (\(manifest.writer))")
        }
    }
}
