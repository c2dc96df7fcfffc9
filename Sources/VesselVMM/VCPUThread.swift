import CVesselEvent
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One host thread per vCPU, blocking in KVM_RUN. Stopped by setting immediate_exit and
/// sending `kickSignal`, whose handler does nothing but interrupt the ioctl.
final class VCPUThread: @unchecked Sendable {
    static let kickSignal = vessel_signal_realtime_min() + 1

    private let body: @Sendable () -> Void
    private var thread = pthread_t()
    private let started = Atomic<Bool>(false)

    init(body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    /// Installs the no-op kick handler once per process; SA_RESTART is off so KVM_RUN returns EINTR.
    static func installKickHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(kickSignal, &action, nil)
    }

    func start() throws {
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            let owner = Unmanaged<VCPUThread>.fromOpaque(context!).takeRetainedValue()
            owner.body()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<VCPUThread>.fromOpaque(context).release()
            throw VMMError.hostCallFailed(call: "pthread_create", errno: result)
        }
        started.store(true, ordering: .releasing)
    }

    func kick() {
        guard started.load(ordering: .acquiring) else { return }
        _ = vessel_thread_signal(thread, Self.kickSignal)
    }

    func join() {
        guard started.load(ordering: .acquiring) else { return }
        pthread_join(thread, nil)
        started.store(false, ordering: .releasing)
    }
}
