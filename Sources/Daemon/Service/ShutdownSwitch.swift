import Synchronization

/// Flips once from running to stopping and runs the actions registered for it
/// (stop the watcher, close the queue). Triggered by graceful shutdown (SIGTERM,
/// SIGINT through ServiceGroup) or directly by tests.
public final class ShutdownSwitch: Sendable {
    private struct State {
        var isTriggered = false
        var actions: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var isTriggered: Bool { state.withLock { $0.isTriggered } }

    public func trigger() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.isTriggered else { return [] }
            state.isTriggered = true
            defer { state.actions.removeAll() }
            return state.actions
        }
        for action in actions { action() }
    }

    /// Runs `action` at trigger time, or now if already triggered.
    public func onTrigger(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.isTriggered { return true }
            state.actions.append(action)
            return false
        }
        if runNow { action() }
    }
}
