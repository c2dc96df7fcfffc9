import Synchronization

/// Counts calls of a device callback.
final class CallCounter: Sendable {
    private let calls = Mutex(0)

    var count: Int { calls.withLock { $0 } }

    var callback: @Sendable () -> Void {
        { [self] in calls.withLock { $0 += 1 } }
    }
}
