#if canImport(Glibc)
import Glibc
import CVesselEvent
#endif

/// A minimal epoll loop for the VMM's control thread: host input, signals and the machine-exit event.
/// vCPU threads never run here; they block in KVM_RUN.
final class EventLoop {
    private let epollFD: Int32
    private var handlers: [Int32: (UInt32) -> Void] = [:]

    init() throws {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw VMMError.hostCallFailed(call: "epoll_create1", errno: errno) }
    }

    deinit {
        close(epollFD)
    }

    /// Watches `fd` for readability; `handler` gets the epoll event mask.
    func watch(_ fd: Int32, handler: @escaping (UInt32) -> Void) throws {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = fd
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            throw VMMError.hostCallFailed(call: "epoll_ctl(ADD)", errno: errno)
        }
        handlers[fd] = handler
    }

    func unwatch(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        handlers[fd] = nil
    }

    /// Waits up to `timeoutMilliseconds` (-1 forever) and dispatches ready descriptors.
    func runOnce(timeoutMilliseconds: Int32) throws {
        var events = [epoll_event](repeating: epoll_event(), count: 16)
        let ready = epoll_wait(epollFD, &events, Int32(events.count), timeoutMilliseconds)
        if ready < 0 {
            if errno == EINTR { return }
            throw VMMError.hostCallFailed(call: "epoll_wait", errno: errno)
        }
        for event in events.prefix(Int(ready)) {
            handlers[event.data.fd]?(event.events)
        }
    }
}
