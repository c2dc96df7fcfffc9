import Logging
import VesselVirtio

/// virtio-blk (Virtio 1.2, 5.2) over a raw image file: one request queue served on the device's
/// event-loop thread, with data moved by preadv/pwritev straight to and from guest memory.
public final class BlockDevice: VirtioDevice, @unchecked Sendable {
    static let queueSize: UInt16 = 256

    public let deviceType = VirtioDeviceType.block
    public let queueMaximumSizes: [UInt16] = [BlockDevice.queueSize]
    public let deviceFeatures: UInt64
    let image: BlockImage
    /// GET_ID's answer: the user's id, NUL-padded to 20 bytes.
    let serial: [UInt8]
    let configuration: [UInt8]
    let loop: DeviceEventLoop
    let logger: Logger
    private let server: SingleQueueServer

    /// `serial` longer than 20 bytes is cut, as the specification's field is 20 bytes.
    public init(image: BlockImage, serial: String, loop: DeviceEventLoop, logger: Logger) {
        self.image = image
        let bytes = Array(serial.utf8.prefix(VirtioBlockProtocol.identifierLength))
        self.serial = bytes + [UInt8](repeating: 0, count: VirtioBlockProtocol.identifierLength - bytes.count)
        // A chain carries the header and the status besides its data segments.
        configuration = BlockConfiguration(capacitySectors: image.capacitySectors,
                                           segmentMaximum: UInt32(Self.queueSize) - 2).bytes
        var features = VirtioBlockProtocol.Feature.segmentMaximum | VirtioBlockProtocol.Feature.blockSize
            | VirtioBlockProtocol.Feature.flush
        if image.isReadOnly {
            features |= VirtioBlockProtocol.Feature.readOnly
        } else {
            features |= VirtioBlockProtocol.Feature.discard | VirtioBlockProtocol.Feature.writeZeroes
        }
        deviceFeatures = features
        self.loop = loop
        self.logger = logger
        server = SingleQueueServer(loop: loop)
    }

    public func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        VirtioConfigurationSpace.read(configuration, offset: offset, into: data)
    }

    /// Only `writeback` is driver-writable, and without CONFIG_WCE the driver leaves it alone.
    public func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {}

    public func activate(_ activation: VirtioActivation) throws {
        // Weak: the event loop may still run a handler while the VMM releases the device.
        try server.activate(activation) { [weak self] chain, activation in
            guard let self else { throw VirtioError.activationFailed("virtio-blk device released") }
            return try self.complete(chain, activation: activation)
        }
    }

    public func reset() {
        server.reset()
    }
}
