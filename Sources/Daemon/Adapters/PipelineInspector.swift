import Foundation
import Inspection
import Logging

/// The inspection pipeline behind `ScanInspecting`: the same `Inspector` as
/// `cellqa inspect`, then every sink in order. Give the database sink last: the
/// ledger then says "recorded" only once the results folder is written too, so
/// a crash between the two redoes the scan rather than losing its folder.
public struct PipelineInspector: ScanInspecting {
    public let inspector: any Inspector
    public let metadataReader: ScanMetadataReader
    public let sinks: [any ResultSink]
    /// Copied into ERROR records made for stalled exports.
    public let configHash: String
    public let logger: Logger

    public init(inspector: any Inspector, metadataReader: ScanMetadataReader, sinks: [any ResultSink], configHash: String,
                logger: Logger = Logger(label: "cellqa.watch")) {
        self.inspector = inspector
        self.metadataReader = metadataReader
        self.sinks = sinks
        self.configHash = configHash
        self.logger = logger
    }

    public func inspect(_ scan: ScanCandidate) async -> InspectionSummary? {
        // `inspect(path:)` reads the sidecars itself and turns unreadable metadata
        // into an ERROR record naming the file.
        var outcome = await inspector.inspect(path: scan.path)
        if Task.isCancelled { return nil } // abandoned: no record, redone after restart
        // The detector's id is the ledger's key. The inspector names the path by the
        // same rule (`ScanID`, same export root); this keeps the contract even if
        // the two were wired with different roots.
        if outcome.record.scan.id != scan.id {
            logger.warning("\(scan.id): the inspector named it \(outcome.record.scan.id); recorded as \(scan.id)",
                           metadata: ["scan_id": "\(scan.id)"])
            outcome.record.scan.id = scan.id
        }
        return await store(outcome)
    }

    public func recordError(_ scan: ScanCandidate, reason: String) async -> InspectionSummary? {
        let metadata = (try? metadataReader.metadata(for: scan.path, isDirectory: scan.layout == .sliceFolder))
            ?? metadataReader.defaults
        let now = Date()
        let record = InspectionRecord(
            scan: Scan(id: scan.id, path: scan.path, metadata: metadata), fingerprint: scan.fingerprint,
            inspectedAt: now, day: InspectionRecord.day(of: now), configHash: configHash,
            toleranceFormat: nil, toleranceHash: nil, verdict: .error,
            reasons: [Reason(code: ReasonCode.exportStalled, text: reason)],
            metrics: [], stages: [], artefacts: [], totalSeconds: 0)
        return await store(InspectionOutcome(record: record, artefacts: []))
    }

    private func store(_ outcome: InspectionOutcome) async -> InspectionSummary {
        for sink in sinks {
            do {
                try await sink.write(outcome)
            } catch {
                logger.error("\(outcome.record.scan.id): could not write to the \(sink.name): \(error)",
                             metadata: ["scan_id": "\(outcome.record.scan.id)"])
            }
        }
        return InspectionSummary(outcome.record)
    }
}

extension InspectionSummary {
    /// The summary of a record: its first reason, and the worst failing metric.
    public init(_ record: InspectionRecord) {
        let worst = record.failingMetrics.min { ($0.margin ?? 0) < ($1.margin ?? 0) }
        self.init(scanID: record.scan.id, serial: record.scan.metadata.serial, verdict: record.verdict,
                  message: record.summary, reasonCode: record.summaryCode, decisiveMetric: worst?.metric.rawValue,
                  seconds: record.totalSeconds)
    }
}
