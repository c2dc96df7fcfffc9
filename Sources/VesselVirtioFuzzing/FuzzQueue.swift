import VesselVirtio

/// A queue the harness drives: the device-side `VirtQueue` and the driver's view of its rings.
struct FuzzQueue {
    let queue: VirtQueue
    var layout: QueueLayout
    /// Heads the device popped and has not returned yet, for addUsed.
    var popped: [UInt16] = []
    /// True for queues of the transport's activation: their errors are reported as a broken device.
    let isActivated: Bool
}
