/// A virtio device behind a transport. The transport owns feature negotiation and queue set-up;
/// the device serves its queues after `activate`, on its own event-loop thread, never on a vCPU.
public protocol VirtioDevice: AnyObject, Sendable {
    var deviceType: VirtioDeviceType { get }
    /// One entry per queue: the largest size the device accepts (a power of two).
    var queueMaximumSizes: [UInt16] { get }
    /// Device-specific feature bits; the transport adds VERSION_1, INDIRECT_DESC and EVENT_IDX.
    var deviceFeatures: UInt64 { get }

    /// Reads device configuration space; bytes past its end read as zero.
    func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer)
    func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer)

    /// Starts serving the queues. A thrown error marks the device as needing a reset.
    func activate(_ activation: VirtioActivation) throws
    /// Stops serving and forgets the activation; the driver may set the device up again.
    func reset()
    /// Releases host resources the device created (a tap device, a listening socket) when the VMM exits.
    func shutdown()
}

extension VirtioDevice {
    public func shutdown() {}
}
