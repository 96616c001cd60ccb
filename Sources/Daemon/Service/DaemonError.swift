import Glibc

/// Why the daemon cannot start or go on, each saying what to do.
public enum DaemonError: Error, Equatable, CustomStringConvertible {
    case exportFolderMissing(String)
    case exportFolderUnreadable(String, errno: Int32)
    case inotifyUnavailable(errno: Int32)
    case invalidSetting(String)
    /// A reload (SIGHUP) that changes settings only a restart applies: refused whole,
    /// the running configuration stays.
    case reloadNeedsRestart(keys: [String])

    public var description: String {
        switch self {
        case .exportFolderMissing(let path):
            return "export folder \(path) does not exist or is not a folder: create it or fix watch.export_folder in the config"
        case .exportFolderUnreadable(let path, let code):
            return "cannot watch \(path): \(String(cString: strerror(code))); give the cellqa user read access (ReadOnlyPaths= in cellqa.service)"
        case .inotifyUnavailable(let code):
            return "inotify unavailable: \(String(cString: strerror(code))); raise fs.inotify.max_user_instances or max_user_watches"
        case .invalidSetting(let message):
            return "invalid setting: \(message)"
        case .reloadNeedsRestart(let keys):
            return "reload refused, the running configuration stays whole: \(keys.joined(separator: ", ")) changed, "
                + "which only a restart applies (systemctl restart cellqa)"
        }
    }
}
