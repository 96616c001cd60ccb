import CellQATestKit
import Foundation
import Inspection
import Phantom
import Testing
@testable import Validation

/// The production composition (`StandardPipeline`: gate, can, winding, overhang)
/// with the shipped configuration (automatic levels) on a small lot of varied
/// cells: both polarities, 8/16-bit and float, two voxel sizes, every defect
/// class. The lot is written to disk and inspected exactly as `cellqa validate`
/// does.
///
/// What issue 17 still has to fix is marked as a known issue, so this suite shows
/// the gap today and fails the day a gap closes without the test being updated.
@Suite(.serialized) struct ProductionLotTests {
    static let count = 12

    /// One lot for every test of the suite (writing and inspecting it takes a while).
    static let lot: Result<[LotObservation], any Error> = {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Task {
            do { box.value = .success(try await run()) } catch { box.value = .failure(error) }
            semaphore.signal()
        }
        semaphore.wait()
        return box.value!
    }()

    final class ResultBox: @unchecked Sendable { var value: Result<[LotObservation], any Error>? }

    static func run() async throws -> [LotObservation] {
        let config = SharedData.repositoryRoot.appendingPathComponent("config/cellqa.toml").path
        let (configuration, tables) = try ConfigurationLoader.loadWithTolerances(path: config, checkFolders: false)
        let folder = try TemporaryDirectory(prefix: "cellqa-lot")
        defer { folder.remove() }
        let writer = LotWriter(seed: 11, profile: .small, count: count, tolerances: tables, quality: configuration.quality)
        try await writer.write(to: folder.path)
        let inspector = StandardPipeline.inspector(configuration, tolerances: tables)
        return try await LotValidation(inspector: inspector, tolerances: tables, quality: configuration.quality).run(lot: folder.path, records: nil)
    }

    @Test func everyDefectClassPolarityAndSampleFormatIsInTheLot() throws {
        let observations = try Self.lot.get()
        #expect(observations.count == Self.count)
        let cells = observations.map(\.truth.cell)
        #expect(Set(cells.map(\.defect.kind)) == Set(LotDefect.Kind.allCases))
        #expect(Set(cells.map(\.polarity)).count == 2)
        #expect(Set(cells.map(\.sampleKind)) == ["8", "16", "16u", "32f"])
        #expect(observations.contains { $0.expected == .pass } && observations.contains { $0.expected == .fail })
    }

    /// Escapes: a cell beyond a limit (outside the ambiguous band) never PASSes.
    @Test func noDefectiveCellPasses() throws {
        for o in try Self.lot.get() where o.expected == .fail {
            #expect(o.observed != "PASS", "\(o.id) (\(o.truth.cell.defect.summary)) escaped")
        }
    }

    /// A scan beyond a gate limit is INVALID, never judged.
    @Test func unmeasurableScansAreInvalid() throws {
        for o in try Self.lot.get() where o.truth.cell.defect.kind == .unmeasurable && o.expected == .invalid {
            #expect(o.observed == "INVALID", "\(o.id) (\(o.truth.cell.defect.summary)): \(o.observed)")
        }
    }

    /// The can diameter is measured within one voxel on every scan the analyses
    /// measured (within 0.3 voxel today); the target of a quarter voxel is a known
    /// issue below.
    @Test func outerDiameterBiasIsWithinAVoxel() throws {
        for o in try Self.lot.get() where o.observed == "PASS" || o.observed == "FAIL" {
            guard let m = o.measured["can.outer_diameter_mm"], let t = o.truth.cell.metrics["can.outer_diameter_mm"] else { continue }
            let voxel = o.truth.cell.voxelMM
            #expect(abs(m - t) <= voxel, "\(o.id): \(m) mm vs truth \(t) mm (voxel \(voxel) mm)")
        }
    }

    /// Targets of issue 17: every measurable cell called as expected (met on this lot
    /// since the automatic can, gate and electrode levels are derived from what each
    /// slice shows), the diameter within a quarter voxel (not met yet: known issue),
    /// the wall minimum within half a voxel (met, except where the steel clips:
    /// known issue).
    @Test func targetsOfIssue17() throws {
        let observations = try Self.lot.get()
        for o in observations where o.expected == .pass || o.expected == .fail {
            #expect(o.observed == o.expected.rawValue, "\(o.id) (\(o.truth.cell.defect.summary)): \(o.observed), \(o.reasons.first ?? "")")
        }
        withKnownIssue("issue 17: can.outer_diameter_mm up to 0.3 voxel small where the steel clips (16-bit)") {
            for o in observations where o.observed == "PASS" || o.observed == "FAIL" {
                guard let m = o.measured["can.outer_diameter_mm"], let t = o.truth.cell.metrics["can.outer_diameter_mm"] else { continue }
                #expect(abs(m - t) <= 0.25 * o.truth.cell.voxelMM, "\(o.id): diameter \(m) mm vs truth \(t) mm")
            }
        }
        // Met since the half-height edge wall (EdgeWallThickness): held as a plain expectation
        // where the steel is resolved. Where it clips ("16": levels × 610), the half level of
        // the clipped step is not the edge's: C0003 (0.039 mm, measured since the levels
        // work on it) reads 7.16 px for 6.26 px.
        for o in observations where o.observed == "PASS" || o.observed == "FAIL" {
            guard let m = o.measured["can.wall_thickness_min_mm"], let t = o.truth.cell.metrics["can.wall_thickness_min_mm"] else { continue }
            if o.truth.cell.sampleKind == "16" {
                withKnownIssue("issue 17: the edge wall reads about 0.9 px thick where the steel clips (16-bit)", isIntermittent: true) {
                    #expect(abs(m - t) <= 0.5 * o.truth.cell.voxelMM, "\(o.id): wall min \(m) mm vs truth \(t) mm (clipped steel)")
                }
            } else {
                #expect(abs(m - t) <= 0.5 * o.truth.cell.voxelMM, "\(o.id): wall min \(m) mm vs truth \(t) mm")
            }
        }
    }

    /// The capability report computes from the same observations: counts add up.
    @Test func capabilityReportCountsEveryScan() throws {
        let observations = try Self.lot.get()
        let report = CapabilityReport(observations: observations, tolerances: [:], inspectionSeconds: 1)
        #expect(report.confusion.total == observations.count)
        #expect(report.scans == observations.count)
        let scored = observations.filter { $0.expected == .pass }.count
        #expect(report.falseRejectRate.total == scored)
    }
}
