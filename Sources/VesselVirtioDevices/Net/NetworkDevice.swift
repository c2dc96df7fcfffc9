import CVesselEvent
import Logging
import Synchronization
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// virtio-net (Virtio 1.2, 5.1) on a tap device: queue 0 receives, queue 1 transmits. Frames cross
/// with their virtio_net_hdr_v1, which the tap understands (IFF_VNET_HDR), so checksum and
/// segmentation offloads pass through untouched where the guest negotiated them.
public final class NetworkDevice: VirtioDevice, @unchecked Sendable {
    static let receiveQueue = 0
    static let transmitQueue = 1
    static let queueSize: UInt16 = 256

    public let deviceType = VirtioDeviceType.network
    public let queueMaximumSizes: [UInt16] = [NetworkDevice.queueSize, NetworkDevice.queueSize]
    public let deviceFeatures: UInt64
    public let tap: TapDevice
    public let mac: MACAddress
    let configuration: [UInt8]
    let loop: DeviceEventLoop
    let logger: Logger
    let state = Mutex<NetworkDeviceState?>(nil)
    /// One frame read from the tap, before it is spread over the guest's buffers; used under `state`'s lock.
    let frame: UnsafeMutableRawBufferPointer

    public init(tap: TapDevice, mac: MACAddress, mtu: Int?, loop: DeviceEventLoop, logger: Logger) {
        self.tap = tap
        self.mac = mac
        self.loop = loop
        self.logger = logger
        var features = NetworkFeatures.offloads | NetworkFeatures.mac | NetworkFeatures.mergeableReceiveBuffers
        if mtu != nil { features |= NetworkFeatures.mtu }
        deviceFeatures = features
        // struct virtio_net_config: mac[6], status, max_virtqueue_pairs, mtu (little-endian).
        let mtuValue = UInt16(clamping: mtu ?? 0)
        configuration = mac.bytes + [0, 0, 1, 0, UInt8(mtuValue & 0xFF), UInt8(mtuValue >> 8)]
        frame = UnsafeMutableRawBufferPointer.allocate(
            byteCount: NetworkFeatures.headerSize + NetworkFeatures.maximumFrameSize, alignment: 16)
    }

    deinit {
        frame.deallocate()
    }

    public func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        VirtioConfigurationSpace.read(configuration, offset: offset, into: data)
    }

    /// The MAC is read-only with VERSION_1 (drivers set it through the control queue, which this device lacks).
    public func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {}

    public func activate(_ activation: VirtioActivation) throws {
        do {
            try tap.setOffloads(NetworkFeatures.tapOffloads(for: activation.features))
        } catch {
            throw VirtioError.activationFailed("\(error)")
        }
        let receiveNotifier = activation.notifiers[Self.receiveQueue]
        let transmitNotifier = activation.notifiers[Self.transmitQueue]
        try state.withLock { state in
            state = NetworkDeviceState(activation: activation)
            do {
                try loop.add(receiveNotifier.fileDescriptor) { [weak self] _ in
                    receiveNotifier.drain()
                    self?.serve(receiveKicked: true)
                }
                try loop.add(transmitNotifier.fileDescriptor) { [weak self] _ in
                    transmitNotifier.drain()
                    self?.serveTransmit()
                }
                try loop.add(tap.fileDescriptor) { [weak self] events in
                    self?.serve(receiveKicked: false, tapEvents: events)
                }
            } catch {
                stopServing(&state)
                throw error
            }
        }
        // The driver may have queued buffers before its first notification reached us; serve them on the
        // device thread, not on the vCPU thread that is activating us.
        receiveNotifier.signal()
        transmitNotifier.signal()
    }

    public func reset() {
        state.withLock { stopServing(&$0) }
        _ = try? tap.setOffloads(0)
    }

    public func shutdown() {
        reset()
        tap.close()
    }

    func stopServing(_ state: inout NetworkDeviceState?) {
        guard let current = state else { return }
        loop.remove(current.activation.notifiers[Self.receiveQueue].fileDescriptor)
        loop.remove(current.activation.notifiers[Self.transmitQueue].fileDescriptor)
        loop.remove(tap.fileDescriptor)
        state = nil
    }

    /// A queue the guest broke: stop serving until the driver resets the device.
    func fail(_ state: inout NetworkDeviceState?, _ error: any Error) {
        guard let activation = state?.activation else { return }
        stopServing(&state)
        activation.reportBroken(error as? VirtioError ?? .badRequest("\(error)"))
    }
}
