import VesselVirtio

/// What a network device knows between driver activation and reset; guarded by the device's lock.
struct NetworkDeviceState {
    let activation: VirtioActivation
    /// Bytes (header included) of a frame read from the tap that found no room in the guest yet.
    var pendingLength = 0
    /// False while the guest has no receive buffers: the tap is not polled until the guest kicks rx.
    var isWatchingTap = true
    /// The interface was deleted under the device: tx frames are dropped and rx has nothing to serve.
    var isTapLost = false

    var receiveQueue: VirtQueue { activation.queues[NetworkDevice.receiveQueue] }
    var transmitQueue: VirtQueue { activation.queues[NetworkDevice.transmitQueue] }
    var mergesBuffers: Bool { activation.hasFeature(NetworkFeatures.mergeableReceiveBuffers) }
}
