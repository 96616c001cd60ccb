/// What the watcher reports. Paths are absolute; the detector decides what they
/// mean (a slice, a marker, a new scan folder).
public enum FileSystemEvent: Sendable, Equatable {
    /// A file appeared, was written and closed, moved in or out, or deleted.
    case fileChanged(path: String)
    /// A directory appeared (created or moved in); it and everything below it is
    /// now watched, so files written before the watch existed must be looked for.
    case directoryAppeared(path: String)
    /// A directory below the root disappeared (deleted or moved away).
    case directoryRemoved(path: String)
    /// The kernel dropped events (IN_Q_OVERFLOW) or watches were re-created after
    /// the root came back: nothing is known, rescan the whole tree.
    case rescanNeeded(reason: String)
    /// The watched root itself was deleted or moved away; the watcher waits for it
    /// to reappear and then reports `rescanNeeded`.
    case rootLost(path: String)
}
