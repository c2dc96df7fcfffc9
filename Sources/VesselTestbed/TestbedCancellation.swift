import Foundation

/// Set from a signal handler or another thread to stop a running test bed: the L2 QEMU is killed
/// within a quarter second, the work directory removed, and `Testbed.run` throws `TestbedError.cancelled`.
public final class TestbedCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() { lock.withLock { cancelled = true } }
    public var isCancelled: Bool { lock.withLock { cancelled } }
}
