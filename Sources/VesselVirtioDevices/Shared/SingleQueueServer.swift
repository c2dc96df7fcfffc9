import Synchronization
import VesselVirtio

/// Serves a device's one request queue on its event loop: every notification drains the queue through the
/// activation's handler (it returns the bytes written into the chain) and raises one interrupt when EVENT_IDX asks.
/// A malformed queue or a thrown handler error stops serving and marks the device as needing a reset.
final class SingleQueueServer: @unchecked Sendable {
    typealias Handler = @Sendable (DescriptorChain, VirtioActivation) throws -> UInt32

    private struct Active {
        let activation: VirtioActivation
        let handle: Handler
    }

    private let loop: DeviceEventLoop
    private let active = Mutex<Active?>(nil)

    init(loop: DeviceEventLoop) {
        self.loop = loop
    }

    func activate(_ activation: VirtioActivation, handle: @escaping Handler) throws {
        active.withLock { $0 = Active(activation: activation, handle: handle) }
        let notifier = activation.notifiers[0]
        try loop.add(notifier.fileDescriptor) { [weak self] _ in
            notifier.drain()
            self?.serve()
        }
        // The driver may have queued requests before its first notification reached us.
        serve()
    }

    func reset() {
        active.withLock { active in
            if let notifier = active?.activation.notifiers.first { loop.remove(notifier.fileDescriptor) }
            active = nil
        }
    }

    func serve() {
        active.withLock { current in
            guard let activation = current?.activation, let handle = current?.handle else { return }
            do {
                let interrupt = try activation.queues[0].serveAvailable { chain in
                    try handle(chain, activation)
                }
                if interrupt { activation.interrupt.signalUsedBuffer() }
            } catch {
                loop.remove(activation.notifiers[0].fileDescriptor)
                current = nil
                activation.reportBroken(error as? VirtioError ?? .badRequest("\(error)"))
            }
        }
    }
}
