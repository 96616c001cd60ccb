import Foundation

/// What `cellqa watch` needs to know, from the `[watch]` section of the config.
public struct WatchSettings: Sendable, Equatable {
    /// The scanner's export folder (read only).
    public var exportFolder: String
    public var completion: ExportCompletion
    /// How long a scan's files must stay unchanged before it can be complete:
    /// guards against a slice still being written when the marker appears.
    public var settle: Duration
    /// A scan quiet this long without completing is recorded as ERROR.
    public var stallTimeout: Duration
    /// Scans inspected at once. Each inspection already uses every core for its
    /// slices, so more only helps while one waits on disk.
    public var concurrency: Int
    /// How often pending scans are looked at (and the watchdog fed).
    public var pollInterval: Duration
    /// How often the whole export folder is walked again (and every folder watched
    /// again), whatever the file events said: a folder created unreadable and opened
    /// up later (`cp -a` sets permissions last) was never watched, and a network share
    /// sends no events for what another machine writes. No scan may be missed.
    public var sweepInterval: Duration
    /// Whether file events (inotify) are used; false: the sweep alone finds scans
    /// (exports on a network share, where inotify sees no remote writes).
    public var fileEvents: Bool

    public init(exportFolder: String, completion: ExportCompletion = .marker(patterns: ["*.done"]),
                settle: Duration = .seconds(2), stallTimeout: Duration = .seconds(600),
                concurrency: Int = WatchSettings.defaultConcurrency(), pollInterval: Duration = .milliseconds(500),
                sweepInterval: Duration = .seconds(60), fileEvents: Bool = true) {
        self.exportFolder = exportFolder
        self.completion = completion
        self.settle = settle
        self.stallTimeout = stallTimeout
        self.concurrency = concurrency
        self.pollInterval = pollInterval
        self.sweepInterval = sweepInterval
        self.fileEvents = fileEvents
    }

    /// Half the cores (an inspection is itself parallel over slices), but no
    /// more than one per `memoryPerScan` of physical memory, and at least one.
    public static func defaultConcurrency(cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                                          memoryBytes: UInt64 = ProcessInfo.processInfo.physicalMemory,
                                          memoryPerScan: UInt64 = 4 << 30) -> Int {
        let byCores = max(1, cores / 2)
        let byMemory = max(1, Int(memoryBytes / max(memoryPerScan, 1)))
        return min(byCores, byMemory)
    }

    /// Checks the values make sense; throws saying which to fix.
    public func validated() throws(DaemonError) -> WatchSettings {
        if concurrency < 1 { throw .invalidSetting("watch.concurrency = \(concurrency): must be at least 1") }
        if settle < .zero { throw .invalidSetting("watch.settle_seconds must not be negative") }
        if stallTimeout <= settle { throw .invalidSetting("watch.stall_timeout_seconds must exceed watch.settle_seconds") }
        if pollInterval <= .zero { throw .invalidSetting("watch.poll_seconds must be positive") }
        if sweepInterval <= .zero { throw .invalidSetting("completion.sweep_seconds must be positive") }
        switch completion {
        case .marker(let patterns) where patterns.isEmpty:
            throw .invalidSetting("watch.marker needs at least one pattern, e.g. \"*.done\"")
        case .quiescence(let seconds) where !(seconds > 0):
            throw .invalidSetting("watch.quiescence_seconds must be positive")
        default: break
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: exportFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .exportFolderMissing(exportFolder)
        }
        return self
    }
}
