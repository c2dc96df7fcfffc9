import Synchronization

/// A wall clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds: Mutex<Int64>

    init(_ start: Int64) {
        seconds = Mutex(start)
    }

    func advance(by delta: Int64) {
        seconds.withLock { $0 += delta }
    }

    var read: @Sendable () -> Int64 {
        { [self] in seconds.withLock { $0 } }
    }
}
