#if canImport(Glibc)
import Glibc
import CVesselEvent
#endif

/// An eventfd: a counter other threads can bump to wake an epoll loop, or that KVM signals (irqfd/ioeventfd).
public final class EventNotifier: @unchecked Sendable {
    public let fileDescriptor: Int32

    public init() throws {
        fileDescriptor = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard fileDescriptor >= 0 else { throw VirtioError.hostCallFailed(call: "eventfd", errno: errno) }
    }

    deinit {
        close(fileDescriptor)
    }

    public func signal() {
        var one: UInt64 = 1
        while write(fileDescriptor, &one, 8) < 0 && errno == EINTR {}
    }

    /// Reads and resets the counter; returns 0 when nothing was pending.
    @discardableResult
    public func drain() -> UInt64 {
        var value: UInt64 = 0
        while true {
            if read(fileDescriptor, &value, 8) == 8 { return value }
            if errno != EINTR { return 0 }
        }
    }
}
