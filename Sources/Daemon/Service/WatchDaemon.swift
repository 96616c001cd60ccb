import Foundation
import Inspection
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `cellqa watch` as a swift-service-lifecycle `Service`: watches the export
/// folder, inspects every complete scan once, and keeps systemd informed.
///
/// Start: check the settings, put inotify watches on the tree, queue every
/// complete scan without a record (catch-up), then READY=1. Work: one loop turns
/// file events and timer ticks into `ScanDetector` decisions, feeds the watchdog
/// and the STATUS= line; `concurrency` workers take jobs from the queue.
/// SIGHUP re-reads the settings (and inspector). Graceful shutdown (SIGTERM,
/// SIGINT): stop taking work, let running inspections finish, return; a running
/// inspection cancelled by a second signal or the shutdown timeout is abandoned
/// without a record and redone after restart.
public struct WatchDaemon: Service {
    public var settings: WatchSettings
    public let ledger: any InspectionLedger
    public let fingerprint: ScanFingerprinting
    public let notifier: SystemdNotifier
    public let logger: Logger
    public let shutdown: ShutdownSwitch
    public let reload: (@Sendable () async throws -> WatchReload)?
    /// Drift alarms after each judgement; nil: none.
    public let drift: (any DriftWatching)?
    private let box: Box

    /// The inspector swapped on reload; a class so the struct stays copyable.
    private final class Box: Sendable {
        let inspector: Mutex<any ScanInspecting>
        init(_ inspector: any ScanInspecting) { self.inspector = Mutex(inspector) }
    }

    public init(settings: WatchSettings, inspector: any ScanInspecting, ledger: any InspectionLedger,
                fingerprint: @escaping ScanFingerprinting, notifier: SystemdNotifier = .fromEnvironment(),
                logger: Logger = Logger(label: "cellqa.watch"), shutdown: ShutdownSwitch = ShutdownSwitch(),
                reload: (@Sendable () async throws -> WatchReload)? = nil, drift: (any DriftWatching)? = nil) {
        self.settings = settings
        self.ledger = ledger
        self.fingerprint = fingerprint
        self.notifier = notifier
        self.logger = logger
        self.shutdown = shutdown
        self.reload = reload
        self.drift = drift
        self.box = Box(inspector)
    }

    private enum Input: Sendable {
        case event(FileSystemEvent)
        case tick
        case reloaded(WatchSettings)
    }

    public func run() async throws {
        let settings = try settings.validated()
        let queue = InspectionQueue(ledger: ledger, logger: logger)
        let watcher = settings.fileEvents ? try InotifyWatcher(root: settings.exportFolder) : nil
        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        watcher?.startThread { feed.yield(.event($0)) }
        shutdown.onTrigger {
            watcher?.stop()
            feed.finish()
        }

        // Catch-up: watches exist already, so nothing written from here on is missed.
        var detector = ScanDetector(root: settings.exportFolder, rule: settings.completion, settle: settings.settle,
                                    stallTimeout: settings.stallTimeout, fingerprint: fingerprint)
        detector.discoverAll()
        var queued = 0
        for detected in detector.evaluate(now: Self.now()) where await queue.submit(await job(for: detected)) == .queued {
            queued += 1
        }
        let waitingExports = detector.pendingCount
        let watching = watcher.map { "\($0.watchedDirectoryCount) folders watched" } ?? "no file events"
        logger.info("watching \(settings.exportFolder) (\(watching), swept every \(settings.sweepInterval)); catch-up queued \(queued) scans, \(waitingExports) exports still in progress; completion by \(settings.completion.summary), \(settings.concurrency) at a time")
        let status = await queue.snapshot
        notifier.ready(status: "catch-up: \(queued) queued; " + status.line)

        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<settings.concurrency {
                    group.addTask { await self.work(queue) }
                }
                group.addTask { await self.tick(every: settings.pollInterval, into: feed) }
                // Not a child: cancelling it must not cancel running inspections.
                let hangups = reload.map { reload in Task { await self.reloadOnHangup(reload, into: feed) } }
                await self.detect(inputs, detector: detector, queue: queue, sweep: settings.sweepInterval) {
                    watcher?.rewatch()
                }
                // Also when the loop ended by cancellation: stop the inotify thread.
                shutdown.trigger()
                let dropped = await queue.close()
                if !dropped.isEmpty {
                    self.logger.notice("stopping: \(dropped.count) queued scans left for the next start")
                }
                let running = await queue.snapshot.running
                self.notifier.stopping(status: "stopping: finishing \(running) inspections")
                // Workers end when their current scan is done.
                hangups?.cancel()
            }
        } onGracefulShutdown: {
            shutdown.trigger()
        }
        let final = await queue.snapshot
        logger.info("stopped: \(final.line)")
    }

    // MARK: - loops

    /// The work loop: the one owner of the detector.
    private func detect(_ inputs: AsyncStream<Input>, detector initial: ScanDetector, queue: InspectionQueue,
                        sweep: Duration, rewatch: () -> Void) async {
        var detector = initial
        var lastWatchdog = ContinuousClock.now
        var lastSweep = ContinuousClock.now
        var lastStatus = ""
        for await input in inputs {
            switch input {
            case .event(let event):
                detector.note(event, now: Self.now())
                switch event {
                case .rootLost(let path):
                    logger.error("export folder \(path) disappeared: waiting for it to come back")
                case .rescanNeeded(let reason):
                    logger.warning("rescanning the export folder: \(reason)")
                default: break
                }
            case .reloaded(let settings):
                detector.apply(settings)
            case .tick:
                if ContinuousClock.now - lastSweep >= sweep {
                    // Scans the events missed: already judged ones are skipped by the queue.
                    rewatch()
                    detector.discoverAll()
                    lastSweep = ContinuousClock.now
                }
                for detected in detector.evaluate(now: Self.now()) {
                    let job = await job(for: detected)
                    guard await queue.submit(job) == .queued else { continue }
                    if case .recordError(let reason) = job.kind {
                        logger.warning("\(detected.candidate.id): \(reason)", metadata: ["scan_id": "\(detected.candidate.id)"])
                    } else {
                        logger.debug("\(detected.candidate.id) complete (\(detected.candidate.sliceCount) slices): queued")
                    }
                }
                if let interval = notifier.watchdogInterval, ContinuousClock.now - lastWatchdog >= interval / 2 {
                    notifier.watchdog()
                    lastWatchdog = ContinuousClock.now
                }
                let status = await queue.snapshot
                let line = status.line + (detector.pendingCount > 0 ? "; \(detector.pendingCount) exports in progress" : "")
                if line != lastStatus {
                    notifier.status(line)
                    lastStatus = line
                }
            }
        }
    }

    /// The job for a detected scan. A scan that changed after it was judged and
    /// then stopped changing without completing by the rule (a slice touched or
    /// rewritten, no new marker) is a re-export: judged again once it is whole —
    /// at least as many slices as at its judgement — rather than recorded as a
    /// stalled export (issue 19 item 3). Fewer slices: the re-export stalled.
    private func job(for detected: DetectedScan) async -> InspectionJob {
        guard case .stalled = detected.state else { return InspectionJob(detected) }
        let candidate = detected.candidate
        let judged: Int?
        do {
            judged = try await ledger.judgedSliceCount(scanID: candidate.id)
        } catch {
            logger.error("cannot read the inspection log for \(candidate.id): \(error)", metadata: ["scan_id": "\(candidate.id)"])
            judged = nil
        }
        guard let judged, candidate.sliceCount >= judged else { return InspectionJob(detected) }
        logger.info("\(candidate.id) changed after its judgement and is whole again (\(candidate.sliceCount) slices): judged again as a re-export",
                    metadata: ["scan_id": "\(candidate.id)"])
        return InspectionJob(candidate: candidate, kind: .inspect)
    }

    private func tick(every interval: Duration, into feed: AsyncStream<Input>.Continuation) async {
        while !shutdown.isTriggered, !Task.isCancelled {
            try? await Task.sleep(for: interval)
            feed.yield(.tick)
        }
    }

    private func work(_ queue: InspectionQueue) async {
        while let job = await queue.next() {
            let inspector = box.inspector.withLock { $0 }
            let summary: InspectionSummary?
            switch job.kind {
            case .inspect:
                summary = await inspector.inspect(job.candidate)
            case .recordError(let reason):
                summary = await inspector.recordError(job.candidate, reason: reason)
            }
            await queue.finish(job, summary: summary)
            if let summary {
                log(summary)
                await checkDrift(after: summary)
            } else {
                logger.notice("\(job.candidate.id): abandoned on shutdown, no record; inspected again at the next start",
                              metadata: ["scan_id": "\(job.candidate.id)"])
            }
        }
    }

    private func reloadOnHangup(_ reload: @escaping @Sendable () async throws -> WatchReload,
                                into feed: AsyncStream<Input>.Continuation) async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            if Task.isCancelled { return }
            notifier.reloading()
            do {
                let reloaded = try await reload()
                let checked = try reloaded.settings.validated()
                // Whole or not at all: a half-applied reload records under one configuration
                // what it watches or counts under another.
                let restartOnly = [("folders.export", checked.exportFolder != settings.exportFolder),
                                   ("inspection.concurrency", checked.concurrency != settings.concurrency),
                                   ("completion.file_events", checked.fileEvents != settings.fileEvents)]
                    .filter(\.1).map(\.0)
                guard restartOnly.isEmpty else { throw DaemonError.reloadNeedsRestart(keys: restartOnly) }
                if let inspector = reloaded.inspector { box.inspector.withLock { $0 = inspector } }
                feed.yield(.reloaded(checked))
                logger.info("configuration reloaded whole: completion by \(checked.completion.summary)")
            } catch {
                logger.error("reload not applied, the running configuration stays: \(error)")
            }
            notifier.send(["READY=1"])
        }
    }

    // MARK: - logging

    /// One journal entry per verdict: PRIORITY from the verdict, fields for
    /// `journalctl CELLQA_VERDICT=FAIL`.
    func log(_ summary: InspectionSummary) {
        var metadata: Logger.Metadata = [
            "scan_id": "\(summary.scanID)",
            "verdict": "\(summary.verdict.rawValue)",
        ]
        if let serial = summary.serial { metadata["serial"] = "\(serial)" }
        if let metric = summary.decisiveMetric { metadata["metric"] = "\(metric)" }
        if let code = summary.reasonCode { metadata["reason_code"] = "\(code)" }
        let level: Logger.Level = switch summary.verdict {
        case .pass: .info
        case .fail: .notice
        case .invalid: .warning
        case .error: .error
        }
        logger.log(level: level, "\(summary.scanID) \(summary.verdict.rawValue): \(summary.message)", metadata: metadata)
    }

    /// A failed check is logged and the daemon goes on: alarms are advice, the
    /// verdicts are the record.
    func checkDrift(after summary: InspectionSummary) async {
        guard let drift else { return }
        do {
            for notice in try await drift.newAlarms(scanID: summary.scanID) {
                logger.warning("\(Self.message(notice))", metadata: Self.metadata(notice))
            }
        } catch {
            logger.warning("drift check after \(summary.scanID) failed: \(error)", metadata: ["scan_id": "\(summary.scanID)"])
        }
    }

    /// `journalctl CELLQA_SPC_RULE=2` lists the shifts, `CELLQA_METRIC=…` one metric's alarms.
    static func metadata(_ notice: DriftNotice) -> Logger.Metadata {
        ["spc_rule": "\(notice.rule)", "metric": "\(notice.metric)", "format": "\(notice.format)", "scan_id": "\(notice.scanID)"]
    }

    static func message(_ notice: DriftNotice) -> String {
        "drift: \(notice.metric) (\(notice.format)) Nelson rule \(notice.rule), \(notice.words), at \(notice.scanID)"
    }

    static func now() -> Double { Date().timeIntervalSince1970 }
}
