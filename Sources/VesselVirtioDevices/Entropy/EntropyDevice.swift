import CVesselEvent
import Logging
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
    private let server: SingleQueueServer

    public init(loop: DeviceEventLoop, logger: Logger) {
        self.loop = loop
        self.logger = logger
        server = SingleQueueServer(loop: loop)
    }

    public func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        VirtioConfigurationSpace.read([], offset: offset, into: data)
    }

    public func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {}

    public func activate(_ activation: VirtioActivation) throws {
        try server.activate(activation, handle: Self.fill)
    }

    public func reset() {
        server.reset()
    }

    /// Fills as much of the chain's writable buffers as one request may take.
    static func fill(_ chain: DescriptorChain, activation: VirtioActivation) throws -> UInt32 {
        var bytes = [UInt8](repeating: 0, count: min(chain.writableLength, maximumRequest))
        try fillRandom(&bytes)
        return UInt32(try chain.writeWritable(to: activation.memory, bytes: bytes))
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
