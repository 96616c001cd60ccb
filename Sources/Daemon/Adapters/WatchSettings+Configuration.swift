import Inspection

extension WatchSettings {
    /// The watch settings of a daemon configuration (`[folders] export`,
    /// `[completion]`, `[inspection] concurrency`).
    public init(configuration: DaemonConfiguration, settle: Duration = .seconds(2),
                pollInterval: Duration = .milliseconds(500)) {
        let rule = configuration.completion
        let completion: ExportCompletion = switch rule.kind {
        case .marker: .marker(patterns: [rule.marker])
        case .sliceCount: .sliceCount(configured: rule.expectedSlices)
        case .quiescence: .quiescence(seconds: rule.quiescenceSeconds)
        }
        self.init(exportFolder: configuration.exportFolder, completion: completion, settle: settle,
                  stallTimeout: .milliseconds(Int64(rule.stallTimeoutSeconds * 1000)),
                  concurrency: configuration.concurrency, pollInterval: pollInterval,
                  sweepInterval: .milliseconds(Int64(rule.sweepSeconds * 1000)), fileEvents: rule.fileEvents)
    }
}
