import Daemon
import Testing

@Suite struct InspectionQueueTests {
    func job(_ id: String, _ print: String = "f1") -> InspectionJob {
        InspectionJob(candidate: ScanCandidate(id: id, path: "/x/" + id, layout: .sliceFolder, fingerprint: print, sliceCount: 1),
                      kind: .inspect)
    }

    @Test func fifoAndEachKeyOnce() async {
        let ledger = MemoryLedger()
        ledger.record(scanID: "old", fingerprint: "f1")
        let queue = InspectionQueue(ledger: ledger)
        #expect(await queue.submit(job("a")) == .queued)
        #expect(await queue.submit(job("b")) == .queued)
        #expect(await queue.submit(job("a")) == .alreadyQueued)
        #expect(await queue.submit(job("old")) == .alreadyRecorded)
        #expect(await queue.submit(job("old", "f2")) == .queued) // a re-export: new fingerprint
        #expect(await queue.snapshot.waiting == 3)

        let first = await queue.next()
        #expect(first?.candidate.id == "a")
        #expect(await queue.submit(job("a")) == .alreadyQueued) // running
        await queue.finish(first!, summary: InspectionSummary(scanID: "a", verdict: .pass, message: "ok"))
        #expect(await queue.submit(job("a")) == .alreadyRecorded) // done in this run
        #expect(await queue.next()?.candidate.id == "b")
        #expect(await queue.next()?.candidate.fingerprint == "f2")
        let status = await queue.snapshot
        #expect(status.finished == 1)
        #expect(status.skippedAsDuplicate == 2)
        #expect(status.skippedAsRecorded == 2)
        #expect(status.line == "0 waiting, 2 inspecting, 1 done; last a PASS")
    }

    @Test func abandonedJobsCanComeBackAndCloseWakesIdleWorkers() async {
        let queue = InspectionQueue(ledger: MemoryLedger())
        await queue.submit(job("a"))
        let a = await queue.next()!
        await queue.finish(a, summary: nil) // abandoned: no record
        #expect(await queue.submit(job("a")) == .queued)
        #expect(await queue.submit(job("b")) == .queued)
        #expect(await queue.next()?.candidate.id == "a")
        #expect(await queue.next()?.candidate.id == "b")
        #expect(await queue.submit(job("c")) == .queued)
        #expect(await queue.submit(job("d")) == .queued)
        #expect(await queue.next()?.candidate.id == "c")
        let dropped = await queue.close()
        #expect(dropped.map(\.candidate.id) == ["d"]) // never started: found again at the next start
        #expect(await queue.next() == nil)
        #expect(await queue.submit(job("e")) == .closed)
    }

    @Test func closeWakesAnIdleWorker() async {
        let queue = InspectionQueue(ledger: MemoryLedger())
        async let idle = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        let dropped = await queue.close()
        #expect(dropped.isEmpty)
        #expect(await idle == nil)
    }
}
