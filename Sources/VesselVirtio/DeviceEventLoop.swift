import CVesselEvent
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The epoll loop that runs device I/O on its own thread: queue notifiers (ioeventfds), tap devices,
/// sockets. vCPU threads never block here, and devices never run on a vCPU thread.
public final class DeviceEventLoop: @unchecked Sendable {
    public typealias Handler = @Sendable (_ events: UInt32) -> Void

    private let epollFD: Int32
    private let stopEvent: EventNotifier
    private let handlers = Mutex<[Int32: Handler]>([:])
    private var thread = pthread_t()
    private let running = Atomic<Bool>(false)

    public init() throws {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw VirtioError.hostCallFailed(call: "epoll_create1", errno: errno) }
        stopEvent = try EventNotifier()
        try control(EPOLL_CTL_ADD, stopEvent.fileDescriptor, events: EPOLLIN.rawValue)
    }

    deinit {
        stop()
        close(epollFD)
    }

    /// Watches `fd` (level-triggered) and calls `handler` on the loop thread with the ready events.
    public func add(_ fd: Int32, events: UInt32 = EPOLLIN.rawValue, handler: @escaping Handler) throws {
        handlers.withLock { $0[fd] = handler }
        do {
            try control(EPOLL_CTL_ADD, fd, events: events)
        } catch {
            handlers.withLock { $0[fd] = nil }
            throw error
        }
    }

    /// Changes the events watched for `fd`, e.g. adding EPOLLOUT while a socket's send buffer is full.
    public func modify(_ fd: Int32, events: UInt32) throws {
        try control(EPOLL_CTL_MOD, fd, events: events)
    }

    /// After this returns the handler is not called again, except if it is running at this moment.
    public func remove(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        handlers.withLock { $0[fd] = nil }
    }

    private func control(_ operation: Int32, _ fd: Int32, events: UInt32) throws {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        guard epoll_ctl(epollFD, operation, fd, &event) == 0 else {
            throw VirtioError.hostCallFailed(call: "epoll_ctl", errno: errno)
        }
    }

    public func start() throws {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let loop = Unmanaged<DeviceEventLoop>.fromOpaque(context).takeRetainedValue()
            loop.serve()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<DeviceEventLoop>.fromOpaque(context).release()
            running.store(false, ordering: .releasing)
            throw VirtioError.hostCallFailed(call: "pthread_create", errno: result)
        }
    }

    /// Ends the loop thread and waits for it; handlers are not called afterwards.
    public func stop() {
        guard running.load(ordering: .acquiring) else { return }
        stopEvent.signal()
        if pthread_equal(pthread_self(), thread) == 0 {
            pthread_join(thread, nil)
        }
        running.store(false, ordering: .releasing)
    }

    private func serve() {
        // Device threads must not take the vCPU kick or the VMM's terminating signals.
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, nil)
        var events = [epoll_event](repeating: epoll_event(), count: 32)
        while true {
            let ready = epoll_wait(epollFD, &events, Int32(events.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            for event in events.prefix(Int(ready)) {
                let fd = event.data.fd
                if fd == stopEvent.fileDescriptor { return }
                if let handler = handlers.withLock({ $0[fd] }) {
                    handler(event.events)
                }
            }
        }
    }
}
