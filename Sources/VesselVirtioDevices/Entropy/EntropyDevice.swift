import CVesselEvent
import Logging
import Synchronization
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// virtio-rng (Virtio 1.2, 5.4): fills each device-writable buffer with bytes from the host's getrandom.
public final class EntropyDevice: VirtioDevice, @unchecked Sendable {
    /// A guest buffer larger than this is filled in part; the driver asks again.
    static let maximumRequest = 64 * 1024

    public let deviceType = VirtioDeviceType.entropy
    public let queueMaximumSizes: [UInt16] = [256]
    public let deviceFeatures: UInt64 = 0
    let loop: DeviceEventLoop
    let logger: Logger
    private let activation = Mutex<VirtioActivation?>(nil)

    public init(loop: DeviceEventLoop, logger: Logger) {
        self.loop = loop
        self.logger = logger
    }

    public func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        VirtioConfigurationSpace.read([], offset: offset, into: data)
    }

    public func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {}

    public func activate(_ activation: VirtioActivation) throws {
        self.activation.withLock { $0 = activation }
        let notifier = activation.notifiers[0]
        try loop.add(notifier.fileDescriptor) { [weak self] _ in
            notifier.drain()
            self?.serve()
        }
        // The driver may have queued buffers before its first notification reached us.
        serve()
    }

    public func reset() {
        activation.withLock { activation in
            if let notifier = activation?.notifiers.first { loop.remove(notifier.fileDescriptor) }
            activation = nil
        }
    }

    func serve() {
        activation.withLock { current in
            guard let activation = current else { return }
            do {
                let interrupt = try activation.queues[0].serveAvailable { chain in
                    var bytes = [UInt8](repeating: 0, count: min(chain.writableLength, Self.maximumRequest))
                    try Self.fillRandom(&bytes)
                    return UInt32(try chain.writeWritable(to: activation.memory, bytes: bytes))
                }
                if interrupt { activation.interrupt.signalUsedBuffer() }
            } catch {
                loop.remove(activation.notifiers[0].fileDescriptor)
                current = nil
                activation.reportBroken(error as? VirtioError ?? .badRequest("\(error)"))
            }
        }
    }

    static func fillRandom(_ bytes: inout [UInt8]) throws {
        var filled = 0
        while filled < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return vessel_getrandom(base + filled, UInt(buffer.count - filled))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw VirtioError.hostCallFailed(call: "getrandom", errno: errno)
            }
            filled += result
        }
    }
}
