import Analysis
import Foundation
import Imaging

/// Turns a scan into an outcome (record + artefacts).
///
/// The contract: `inspect` never throws and never crashes on bad input; every
/// failure becomes a record with verdict ERROR whose reason says where it
/// happened (reading metadata, opening the volume, which stage). The same
/// inspector runs in the daemon and in `cellqa inspect`.
public protocol Inspector: Sendable {
    func inspect(path: String) async -> InspectionOutcome
    func inspect(_ scan: Scan) async -> InspectionOutcome
}

/// The inspector cellqa uses: quality gate → analyses → tolerance judgement.
///
/// Order: fingerprint the files, pick the tolerance table of the scan's cell
/// format, open the volume, run every quality-gate stage (a problem ⇒ INVALID,
/// analyses skipped), run the analysis stages (each once the stages it reads,
/// `InspectionStage.inputs`, have finished; independent ones at the same time),
/// then judge every measurement against the table. Verdict priority:
/// ERROR > INVALID > FAIL > PASS.
public struct StandardInspector: Inspector {
    public var stages: [any InspectionStage]
    public var loader: any VolumeLoader
    public var metadataReader: ScanMetadataReader
    /// Tolerance tables by cell format (`18650`, `example`…).
    public var tolerances: [String: ToleranceTable]
    public var quality: QualityThresholds
    public var parameters: AnalysisParameters
    /// SHA-256 of the configuration in force, copied into every record.
    public var configHash: String
    public var timeZone: TimeZone
    public var now: @Sendable () -> Date

    public init(stages: [any InspectionStage], loader: any VolumeLoader, metadataReader: ScanMetadataReader = ScanMetadataReader(),
                tolerances: [String: ToleranceTable], quality: QualityThresholds = QualityThresholds(),
                parameters: AnalysisParameters = AnalysisParameters(), configHash: String,
                timeZone: TimeZone = .current, now: @escaping @Sendable () -> Date = { Date() }) {
        self.stages = stages
        self.loader = loader
        self.metadataReader = metadataReader
        self.tolerances = tolerances
        self.quality = quality
        self.parameters = parameters
        self.configHash = configHash
        self.timeZone = timeZone
        self.now = now
    }

    public func inspect(path: String) async -> InspectionOutcome {
        do {
            return await inspect(try metadataReader.scan(at: path))
        } catch {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let scan = Scan(id: metadataReader.id(forPath: absolute), path: absolute, metadata: metadataReader.defaults)
            var run = Run(scan: scan, startedAt: now(), clock: ContinuousClock.now)
            run.fail(ReasonCode.readMetadata, "reading scan metadata: \(Self.describe(error))")
            return finish(run, table: nil)
        }
    }

    public func inspect(_ scan: Scan) async -> InspectionOutcome {
        var run = Run(scan: scan, startedAt: now(), clock: ContinuousClock.now)
        do {
            run.fingerprint = try ScanFingerprint.compute(path: scan.path)
        } catch {
            run.fail(ReasonCode.readFiles, "reading scan files: \(Self.describe(error))")
            return finish(run, table: nil)
        }
        let opened: OpenedVolume
        do {
            opened = try loader.open(scan, voxelSize: Self.authoritativeVoxelSize(scan.metadata))
        } catch {
            run.fail(ReasonCode.openVolume, "opening volume \(scan.path): \(Self.describe(error))")
            return finish(run, table: nil)
        }
        let volume = opened.volume
        // Record the voxel size the analyses actually use, where it came from, and
        // what the volume holds.
        run.scan.metadata.voxelSize = volume.voxelSize
        run.scan.metadata.voxelSizeSource = opened.voxelSizeSource
        run.scan.metadata.volumeShape = volume.shape
        run.scan.metadata.sampleFormat = opened.sampleFormat
        // Opened first (headers only, cheap) so even a scan of unknown format is
        // recorded with its dimensions.
        guard let format = scan.metadata.cellFormat else {
            run.fail(ReasonCode.cellFormatUnknown, "cell format unknown: give `format` in cellqa.json beside the scan, a folder pattern with a `format` group, or inspection.default_format in the config")
            return finish(run, table: nil)
        }
        guard let table = tolerances[format] else {
            let known = tolerances.keys.sorted().joined(separator: ", ")
            run.fail(ReasonCode.noToleranceTable, "no tolerance table for cell format `\(format)` (have: \(known.isEmpty ? "none" : known)): add tolerances/\(format).toml")
            return finish(run, table: nil)
        }

        if run.scan.metadata.voxelSizeSource == .unknown {
            run.fail(ReasonCode.voxelSizeUnknown, "voxel size unknown: no sidecar (.xtekct, .pcr, cellqa.json), volume header nor TIFF resolution tags give it; add voxel_size_mm to cellqa.json beside the scan or set analysis.pixel_size_mm in the config")
            return finish(run, table: table)
        }
        let gates = stages.filter { $0.kind == .qualityGate }
        let analyses = stages.filter { $0.kind == .analysis }
        volume.willRead(Self.readAhead(gates, volume: volume, parameters: parameters))

        for stage in gates {
            let result = await Run.perform(stage, run.input(for: stage, volume: volume, parameters: parameters))
            guard run.record(stage, result) else {
                run.skip(analyses)
                return finish(run, table: table)
            }
        }
        // A gate stage's own reasons come first; the configured thresholds, judged
        // by the same table (`QualityRule.all`), add a problem only for metrics the
        // stage did not already complain about.
        let gateOutputs = run.outputs.filter { $0.kind == .qualityGate }.map(\.output)
        let stated = gateOutputs.flatMap(\.problems)
        let covered = Set(stated.compactMap(\.metric))
        let judged = gateOutputs.flatMap { quality.failedChecks(in: $0.measurements) }.map(QualityProblem.init)
        let problems = stated + judged.filter { $0.metric.map { !covered.contains($0) } ?? true }
        if !problems.isEmpty {
            run.invalidate(problems.map { Reason(code: $0.code, text: $0.reason) })
            run.skip(analyses)
            return finish(run, table: table)
        }
        // Not before: the analyses' read-ahead would queue in front of the gate's reads.
        volume.willRead(Self.readAhead(analyses, volume: volume, parameters: parameters))
        await run.executeAnalyses(analyses, volume: volume, parameters: parameters)
        return finish(run, table: table)
    }

    /// The slices the stages will read, in the order they run, each once: a scan
    /// not yet in the page cache is read from the disk while the stages compute.
    static func readAhead(_ stages: [any InspectionStage], volume: any SliceSource,
                          parameters: AnalysisParameters) -> [Int] {
        var seen = Set<Int>()
        return stages.flatMap { $0.plannedSlices(of: volume, parameters: parameters) }.filter { seen.insert($0).inserted }
    }

    /// The voxel size that overrides the TIFF tags: one from the scanner or a
    /// sidecar, not a configured default (tags beat defaults).
    static func authoritativeVoxelSize(_ metadata: ScanMetadata) -> VoxelSize? {
        switch metadata.voxelSizeSource {
        case .none, .defaultValue?, .configuration?, .tiffTags?: return nil
        default: return metadata.voxelSize
        }
    }

    static func describe(_ error: any Error) -> String {
        // Typed cellqa errors describe themselves with what to do; others by their case.
        String(describing: error)
    }

    // MARK: judging and the record

    private func finish(_ run: Run, table: ToleranceTable?) -> InspectionOutcome {
        var reasons = run.errors
        var verdict: Verdict = run.errors.isEmpty ? .pass : .error
        var judgements: [MetricJudgement] = []
        var unmeasured: [UnmeasuredMetric] = []
        for stageOutput in run.outputs {
            var boundFails: Set<MetricID> = []
            for m in stageOutput.output.measurements {
                let judgement = MetricJudgement(measurement: m, limit: table?.limits[m.id], stage: stageOutput.name)
                // A lower bound within its limits says nothing; its stage lists the metric as unmeasured.
                if m.bound == .lower {
                    guard judgement.pass == false else { continue }
                    boundFails.insert(m.id)
                }
                judgements.append(judgement)
            }
            for u in stageOutput.output.unmeasured where !boundFails.contains(u.id) {
                let judged = table?.limits[u.id].map { $0.lower != nil || $0.upper != nil } ?? false
                unmeasured.append(UnmeasuredMetric(metric: u.id, code: u.code, reason: u.reason,
                                                   stage: stageOutput.name, judged: judged))
            }
        }
        if verdict == .pass, !run.invalidReasons.isEmpty {
            verdict = .invalid
            reasons += run.invalidReasons
        }
        // A broken measurement is not a defect: a required metric the analysis could
        // not measure makes the scan INVALID (review / rescan), unless a metric that
        // was measured already fails the cell.
        let brokenRequired = unmeasured.filter { u in u.judged && (table?.limits[u.metric]?.required ?? false) }
        let measuredFailure = judgements.contains { $0.pass == false }
        if verdict == .pass, !brokenRequired.isEmpty, !measuredFailure {
            verdict = .invalid
            reasons += brokenRequired.map {
                Reason(code: $0.code, text: "\($0.metric) not measured (\($0.code)): \($0.reason) — review the scan; rescan if it persists")
            }
        }
        if verdict == .pass, let table {
            let measured = Set(judgements.map(\.metric)).union(unmeasured.map(\.metric))
            let missing = table.limits.filter { $0.value.required && !measured.contains($0.key) }.keys.sorted()
            if !missing.isEmpty {
                verdict = .error
                reasons.append(Reason(code: ReasonCode.notMeasured, text: "not measured: \(missing.map(\.rawValue).joined(separator: ", ")) — required by the \(table.format) tolerance table but no stage produced them; check the analysis configuration or mark them `required = false`"))
            }
        }
        let failing = judgements.filter { $0.pass == false }.sorted { Self.severity($0) > Self.severity($1) }
        if verdict == .pass, !failing.isEmpty {
            verdict = .fail
        }
        if verdict == .fail || verdict == .error {
            reasons += failing.compactMap { j in j.failureDescription.map { Reason(code: ReasonCode.metric(j.metric), text: $0) } }
        }
        let end = ContinuousClock.now
        let record = InspectionRecord(
            scan: run.scan, fingerprint: run.fingerprint, inspectedAt: run.startedAt,
            day: InspectionRecord.day(of: run.startedAt, in: timeZone), configHash: configHash,
            toleranceFormat: table?.format, toleranceHash: table?.hash, verdict: verdict, reasons: reasons,
            metrics: judgements, unmeasured: unmeasured, stages: run.stageRecords, artefacts: run.artefactReferences,
            totalSeconds: Self.seconds(end - run.clock))
        return InspectionOutcome(record: record, artefacts: run.artefacts)
    }

    /// How badly a metric fails: the margin relative to the tolerance interval
    /// width (or to the value when one side is open), so the worst comes first.
    static func severity(_ j: MetricJudgement) -> Double {
        let margin = -(j.margin ?? 0)
        if let l = j.lower, let u = j.upper, u > l { return margin / (u - l) }
        return margin / max(abs(j.value), 1e-12)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// The state of one inspection while it runs.
private struct Run {
    struct Output {
        var name: String
        var kind: StageKind
        var output: StageOutput
    }

    enum StageResult: Sendable {
        case ok(StageOutput, seconds: Double)
        case failed(String, seconds: Double, details: JSONValue?)
        var failed: Bool { if case .failed = self { true } else { false } }
    }

    var scan: Scan
    let startedAt: Date
    let clock: ContinuousClock.Instant
    var fingerprint: String?
    var outputs: [Output] = []
    var stageRecords: [StageRecord] = []
    var errors: [Reason] = []
    var invalidReasons: [Reason] = []
    var artefacts: [Artefact] = []
    var artefactReferences: [ArtefactReference] = []

    init(scan: Scan, startedAt: Date, clock: ContinuousClock.Instant) {
        self.scan = scan
        self.startedAt = startedAt
        self.clock = clock
    }

    mutating func fail(_ code: String, _ reason: String) { errors.append(Reason(code: code, text: reason)) }
    mutating func invalidate(_ reasons: [Reason]) { invalidReasons += reasons }

    mutating func skip(_ stages: [any InspectionStage]) {
        for stage in stages {
            stageRecords.append(StageRecord(name: stage.name, kind: stage.kind, status: .skipped, seconds: 0))
        }
    }

    /// Runs one stage, timing it, with the outputs of the stages it reads.
    /// Does not touch the run, so independent stages can perform at the same time.
    static func perform(_ stage: any InspectionStage, _ input: StageInput) async -> StageResult {
        let start = ContinuousClock.now
        do {
            var output = try await stage.run(input)
            let seconds = StandardInspector.seconds(ContinuousClock.now - start)
            if let bad = output.measurements.first(where: { !$0.value.isFinite }) {
                return .failed("stage `\(stage.name)` produced a non-finite value (\(bad.value)) for \(bad.id)",
                               seconds: seconds, details: output.details)
            }
            for index in output.measurements.indices where output.measurements[index].uncertainty.map({ !$0.isFinite }) ?? false {
                output.measurements[index].uncertainty = nil
            }
            return .ok(output, seconds: seconds)
        } catch {
            let seconds = StandardInspector.seconds(ContinuousClock.now - start)
            return .failed("stage `\(stage.name)` failed: \(StandardInspector.describe(error))", seconds: seconds, details: nil)
        }
    }

    /// The input of `stage`: the scan, the volume and the outputs recorded so far.
    func input(for stage: any InspectionStage, volume: any SliceSource, parameters: AnalysisParameters) -> StageInput {
        let earlier = Dictionary(outputs.map { ($0.name, $0.output) }, uniquingKeysWith: { _, last in last })
        return StageInput(scan: scan, volume: volume, parameters: parameters, earlier: earlier)
    }

    /// Adds a performed stage to the record; false when it failed (the error is recorded).
    mutating func record(_ stage: any InspectionStage, _ result: StageResult) -> Bool {
        switch result {
        case let .failed(message, seconds, details):
            stageRecords.append(StageRecord(name: stage.name, kind: stage.kind, status: .failed, seconds: seconds, error: message, details: details))
            fail(ReasonCode.stage(stage.name), message)
            return false
        case let .ok(output, seconds):
            stageRecords.append(StageRecord(name: stage.name, kind: stage.kind, status: .ok, seconds: seconds, details: output.details))
            for artefact in output.artefacts {
                let name = uniqueArtefactName(artefact.name, stage: stage.name)
                var kept = artefact
                kept.name = name
                artefacts.append(kept)
                artefactReferences.append(ArtefactReference(name: name, caption: artefact.caption, stage: stage.name, mediaType: artefact.mediaType))
            }
            outputs.append(Output(name: stage.name, kind: stage.kind, output: output))
            return true
        }
    }

    /// Runs the analysis stages, each as soon as the stages it reads have finished,
    /// so stages that read nothing of each other run at the same time; records them
    /// in configured order. A stage whose input failed or was skipped is skipped.
    mutating func executeAnalyses(_ analyses: [any InspectionStage], volume: any SliceSource, parameters: AnalysisParameters) async {
        let names = analyses.map(\.name)
        let needs: [Set<Int>] = analyses.enumerated().map { i, stage in
            guard let inputs = stage.inputs else { return Set(0..<i) }
            return Set(inputs.compactMap { names[..<i].firstIndex(of: $0) })
        }
        var results = [StageResult?](repeating: nil, count: analyses.count)
        var skipped = Set<Int>()
        var started = Set<Int>()
        let base = self
        await withTaskGroup(of: (Int, StageResult).self) { group in
            func startReady() {
                var changed = true
                while changed {
                    changed = false
                    for i in analyses.indices where !started.contains(i) && !skipped.contains(i) {
                        if needs[i].contains(where: { skipped.contains($0) || results[$0].map(\.failed) == true }) {
                            skipped.insert(i); changed = true
                        } else if needs[i].allSatisfy({ results[$0] != nil }) {
                            started.insert(i)
                            var input = base.input(for: analyses[i], volume: volume, parameters: parameters)
                            for j in needs[i] { if case let .ok(output, _) = results[j] { input.earlier[names[j]] = output } }
                            let stage = analyses[i]
                            group.addTask { (i, await Run.perform(stage, input)) }
                        }
                    }
                }
            }
            startReady()
            for await (i, result) in group {
                results[i] = result
                startReady()
            }
        }
        for (i, stage) in analyses.enumerated() {
            if let result = results[i] { _ = record(stage, result) } else { skip([stage]) }
        }
    }

    /// A safe file name, unique within the record (`<stage>-<name>` on a clash).
    private func uniqueArtefactName(_ name: String, stage: String) -> String {
        let safe = String(name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let base = safe.isEmpty ? "artefact" : safe
        let taken = Set(artefactReferences.map(\.name)).union(["record.json", "measurements.csv", "report.html"])
        if !taken.contains(base) { return base }
        var candidate = "\(stage)-\(base)"
        var n = 2
        while taken.contains(candidate) { candidate = "\(stage)-\(n)-\(base)"; n += 1 }
        return candidate
    }
}
