import Analysis
import Foundation

/// Everything cellqa concluded about one scan, written once per inspection.
/// Every sink (results folder, database, journal) is derived from this value,
/// so any of them can be rebuilt from `record.json`. Schema: docs/record-schema.md.
public struct InspectionRecord: Sendable, Codable, Equatable {
    /// Bumped on any incompatible change of this JSON layout.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var cellqaVersion: String
    public var scan: Scan
    /// `ScanFingerprint` of the scan's files; `nil` when the path could not be read.
    public var fingerprint: String?
    public var inspectedAt: Date
    /// The calendar day (`yyyy-MM-dd`, local time of the inspecting machine) the
    /// record is filed under in the results folder and the database.
    public var day: String
    public var configHash: String
    public var toleranceFormat: String?
    public var toleranceHash: String?
    public var verdict: Verdict
    /// The reasons of the verdict with their stable codes (`Reason`). Empty for PASS.
    public var codedReasons: [Reason]
    /// Human reasons: which metric failed and by how much, why the scan is
    /// invalid, or where the error happened. Empty for PASS. Setting them keeps
    /// the codes of the reasons still there (`unknown` for added ones).
    public var reasons: [String] {
        get { codedReasons.map(\.text) }
        set {
            let codes = reasonCodes
            codedReasons = newValue.enumerated().map { i, text in
                Reason(code: i < codes.count ? codes[i] : ReasonCode.unknown, text: text)
            }
        }
    }
    /// The stable code of each reason, same order and count as `reasons`:
    /// `quality.tilt_deg`, `can.max_dent_mm`, `error.stage.winding`… `unknown`
    /// for each reason of a record written before codes were.
    public var reasonCodes: [String] { codedReasons.map(\.code) }
    public var metrics: [MetricJudgement]
    /// Metrics a stage could not measure on this scan, with why (a broken
    /// measurement, never a defect). Absent in records written before cellqa 0.5.
    public var unmeasured: [UnmeasuredMetric]
    public var stages: [StageRecord]
    public var artefacts: [ArtefactReference]
    /// Seconds from start to verdict.
    public var totalSeconds: Double

    public init(schemaVersion: Int = InspectionRecord.currentSchemaVersion, cellqaVersion: String = CellQAVersion.string,
                scan: Scan, fingerprint: String?, inspectedAt: Date, day: String, configHash: String,
                toleranceFormat: String?, toleranceHash: String?, verdict: Verdict, reasons: [Reason],
                metrics: [MetricJudgement], unmeasured: [UnmeasuredMetric] = [], stages: [StageRecord],
                artefacts: [ArtefactReference], totalSeconds: Double) {
        self.schemaVersion = schemaVersion
        self.cellqaVersion = cellqaVersion
        self.scan = scan
        self.fingerprint = fingerprint
        self.inspectedAt = inspectedAt
        self.day = day
        self.configHash = configHash
        self.toleranceFormat = toleranceFormat
        self.toleranceHash = toleranceHash
        self.verdict = verdict
        self.codedReasons = reasons
        self.metrics = metrics
        self.unmeasured = unmeasured
        self.stages = stages
        self.artefacts = artefacts
        self.totalSeconds = totalSeconds
    }

    /// Judgements that failed, worst (most negative margin relative to the interval) first.
    public var failingMetrics: [MetricJudgement] { metrics.filter { $0.pass == false } }
    public var nearLimitMetrics: [MetricJudgement] { metrics.filter { $0.nearLimit } }
    /// The code of `summary`'s reason; nil for PASS.
    public var summaryCode: String? { codedReasons.first?.code }

    /// One line for lists and the journal: the first reason, or "all N metrics within limits".
    public var summary: String {
        reasons.first ?? "all \(metrics.filter { $0.pass != nil }.count) judged metrics within limits"
    }

    // MARK: JSON

    /// Pretty, key-sorted JSON with ISO 8601 dates: stable bytes for the same record.
    public func jsonData() throws -> Data {
        try Self.encoder().encode(self)
    }

    public static func decode(from data: Data) throws -> InspectionRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Self.parseTimestamp(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad timestamp \(text)"))
            }
            return date
        }
        return try decoder.decode(InspectionRecord.self, from: data)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Self.timestamp(date))
        }
        return encoder
    }

    /// ISO 8601 UTC with milliseconds, e.g. `2026-11-26T01:02:03.456Z`.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `yyyy-MM-dd` of `date` in `timeZone`.
    public static func day(of date: Date, in timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", cellqaVersion = "cellqa_version", scan, fingerprint
        case inspectedAt = "inspected_at", day, configHash = "config_hash"
        case toleranceFormat = "tolerance_format", toleranceHash = "tolerance_hash"
        case verdict, reasons, reasonCodes = "reason_codes", metrics, unmeasured, stages, artefacts, totalSeconds = "total_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        cellqaVersion = try c.decode(String.self, forKey: .cellqaVersion)
        scan = try c.decode(Scan.self, forKey: .scan)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint)
        inspectedAt = try c.decode(Date.self, forKey: .inspectedAt)
        day = try c.decode(String.self, forKey: .day)
        configHash = try c.decode(String.self, forKey: .configHash)
        toleranceFormat = try c.decodeIfPresent(String.self, forKey: .toleranceFormat)
        toleranceHash = try c.decodeIfPresent(String.self, forKey: .toleranceHash)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        // Records written before reason codes have none: `unknown` for each reason.
        let texts = try c.decode([String].self, forKey: .reasons)
        let codes = try c.decodeIfPresent([String].self, forKey: .reasonCodes) ?? []
        codedReasons = texts.enumerated().map { i, text in
            Reason(code: i < codes.count ? codes[i] : ReasonCode.unknown, text: text)
        }
        metrics = try c.decode([MetricJudgement].self, forKey: .metrics)
        unmeasured = try c.decodeIfPresent([UnmeasuredMetric].self, forKey: .unmeasured) ?? []
        stages = try c.decode([StageRecord].self, forKey: .stages)
        artefacts = try c.decode([ArtefactReference].self, forKey: .artefacts)
        totalSeconds = try c.decode(Double.self, forKey: .totalSeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(cellqaVersion, forKey: .cellqaVersion)
        try c.encode(scan, forKey: .scan)
        try c.encodeIfPresent(fingerprint, forKey: .fingerprint)
        try c.encode(inspectedAt, forKey: .inspectedAt)
        try c.encode(day, forKey: .day)
        try c.encode(configHash, forKey: .configHash)
        try c.encodeIfPresent(toleranceFormat, forKey: .toleranceFormat)
        try c.encodeIfPresent(toleranceHash, forKey: .toleranceHash)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(reasonCodes, forKey: .reasonCodes)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(unmeasured, forKey: .unmeasured)
        try c.encode(stages, forKey: .stages)
        try c.encode(artefacts, forKey: .artefacts)
        try c.encode(totalSeconds, forKey: .totalSeconds)
    }
}

/// A metric a stage could not measure, as the record keeps it.
public struct UnmeasuredMetric: Sendable, Codable, Equatable {
    public var metric: MetricID
    /// Stable code for grouping (`winding.layers_merged`).
    public var code: String
    public var reason: String
    public var stage: String
    /// Whether the scan's tolerance table judges this metric (then the verdict cannot be PASS).
    public var judged: Bool

    public init(metric: MetricID, code: String, reason: String, stage: String, judged: Bool) {
        self.metric = metric
        self.code = code
        self.reason = reason
        self.stage = stage
        self.judged = judged
    }
}

/// What happened in one stage: for timings and for "where did it fail".
public struct StageRecord: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case ok, failed, skipped
    }

    public var name: String
    public var kind: StageKind
    public var status: Status
    public var seconds: Double
    /// For a failed stage: the error, in words.
    public var error: String?
    public var details: JSONValue?

    public init(name: String, kind: StageKind, status: Status, seconds: Double, error: String? = nil, details: JSONValue? = nil) {
        self.name = name
        self.kind = kind
        self.status = status
        self.seconds = seconds
        self.error = error
        self.details = details
    }
}

/// A record with the artefact bytes it refers to: what sinks receive.
public struct InspectionOutcome: Sendable {
    public var record: InspectionRecord
    public var artefacts: [Artefact]

    public init(record: InspectionRecord, artefacts: [Artefact]) {
        self.record = record
        self.artefacts = artefacts
    }
}
