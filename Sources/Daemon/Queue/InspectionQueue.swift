import Logging

/// FIFO of scans to inspect, each `(scan id, fingerprint)` at most once.
///
/// `submit` drops a job whose key is already waiting or running, or that the
/// ledger says is recorded, so duplicate events and restarts never judge twice.
/// Workers take jobs with `next()` (which waits while the queue is empty) and
/// report with `finish`; concurrency is bounded by how many workers there are.
/// `close()` stops handing out work: waiting jobs are dropped (they have no
/// record, so they are found again at the next start) and idle workers get nil.
public actor InspectionQueue {
    public enum Admission: Sendable, Equatable {
        case queued, alreadyQueued, alreadyRecorded, closed
    }

    private let ledger: any InspectionLedger
    private let logger: Logger
    private var waiting: [InspectionJob] = []
    private var head = 0
    private var claimed: Set<InspectionJob.Key> = []
    private var running: Set<InspectionJob.Key> = []
    /// Keys finished in this run: the ledger has them too, but this saves a
    /// database look-up for the common repeated event.
    private var done: Set<InspectionJob.Key> = []
    private var idleWorkers: [CheckedContinuation<InspectionJob?, Never>] = []
    private var isClosed = false
    private var status = QueueStatus(waiting: 0, running: 0, finished: 0, skippedAsRecorded: 0, skippedAsDuplicate: 0)

    public init(ledger: any InspectionLedger, logger: Logger = Logger(label: "cellqa.queue")) {
        self.ledger = ledger
        self.logger = logger
    }

    public var snapshot: QueueStatus {
        var copy = status
        copy.waiting = waiting.count - head
        copy.running = running.count
        return copy
    }

    @discardableResult
    public func submit(_ job: InspectionJob) async -> Admission {
        let key = job.key
        if isClosed { return .closed }
        if claimed.contains(key) {
            status.skippedAsDuplicate += 1
            return .alreadyQueued
        }
        if done.contains(key) {
            status.skippedAsRecorded += 1
            return .alreadyRecorded
        }
        // Claim before the look-up suspends this actor, so a second submit of
        // the same key meanwhile sees it as queued.
        claimed.insert(key)
        let recorded: Bool
        do {
            recorded = try await ledger.hasRecord(scanID: key.scanID, fingerprint: key.fingerprint)
        } catch {
            logger.error("cannot read the inspection log, inspecting \(key.scanID) anyway: \(error)")
            recorded = false
        }
        if recorded {
            claimed.remove(key)
            done.insert(key)
            status.skippedAsRecorded += 1
            return .alreadyRecorded
        }
        if isClosed {
            claimed.remove(key)
            return .closed
        }
        if !idleWorkers.isEmpty {
            running.insert(key)
            idleWorkers.removeFirst().resume(returning: job)
        } else {
            waiting.append(job)
        }
        return .queued
    }

    /// The oldest waiting job, waiting for one if none; nil once closed.
    public func next() async -> InspectionJob? {
        if isClosed { return nil }
        if head < waiting.count {
            let job = waiting[head]
            head += 1
            if head > 64, head * 2 > waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            running.insert(job.key)
            return job
        }
        return await withCheckedContinuation { idleWorkers.append($0) }
    }

    /// Reports a job done. `summary` nil means abandoned: no record, so the key
    /// may be submitted again.
    public func finish(_ job: InspectionJob, summary: InspectionSummary?) {
        running.remove(job.key)
        claimed.remove(job.key)
        guard let summary else { return }
        done.insert(job.key)
        status.finished += 1
        status.last = summary
    }

    /// Stops handing out work; returns the waiting jobs that were dropped.
    @discardableResult
    public func close() -> [InspectionJob] {
        isClosed = true
        let dropped = Array(waiting[head...])
        for job in dropped { claimed.remove(job.key) }
        waiting.removeAll()
        head = 0
        let idle = idleWorkers
        idleWorkers.removeAll()
        for worker in idle { worker.resume(returning: nil) }
        return dropped
    }
}
