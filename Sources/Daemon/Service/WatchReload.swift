/// What a reload (SIGHUP) produces: new settings and, when the tolerance tables
/// or analysis parameters changed, a new inspector.
public struct WatchReload: Sendable {
    public var settings: WatchSettings
    public var inspector: (any ScanInspecting)?

    public init(settings: WatchSettings, inspector: (any ScanInspecting)?) {
        self.settings = settings
        self.inspector = inspector
    }
}
