import CVesselEvent
import Synchronization
import VesselKVM
#if canImport(Glibc)
import Glibc
#endif

/// The host thread of one vCPU, blocking in KVM_RUN. Stopped by `VCPU.kick`: immediate_exit plus
/// `kickSignal`, whose handler does nothing but interrupt the ioctl.
final class VCPUThread: @unchecked Sendable {
    static let kickSignal = vessel_signal_realtime_min() + 1

    private let vcpu: VCPU
    private let body: @Sendable () -> Void
    private var thread = pthread_t()
    private let started = Atomic<Bool>(false)

    init(vcpu: VCPU, body: @escaping @Sendable () -> Void) {
        self.vcpu = vcpu
        self.body = body
    }

    func start() throws {
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let owner = Unmanaged<VCPUThread>.fromOpaque(context).takeRetainedValue()
            // Inherited masks (a test runner's, a service manager's) may block the kick; a blocked
            // kick stays pending and never interrupts KVM_RUN.
            try? VCPU.unblockKickSignalOnCurrentThread(VCPUThread.kickSignal)
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
        guard started.load(ordering: .acquiring) else {
            vcpu.setImmediateExit(true)
            return
        }
        try? vcpu.kick(thread: thread, signal: Self.kickSignal)
    }

    func join() {
        guard started.load(ordering: .acquiring) else { return }
        pthread_join(thread, nil)
        started.store(false, ordering: .releasing)
    }
}
