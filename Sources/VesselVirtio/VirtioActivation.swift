import VesselMemory

/// What a device receives when the driver sets DRIVER_OK: negotiated features, its queues, the
/// notifiers the driver kicks (one per queue), and the interrupt to raise.
public struct VirtioActivation: Sendable {
    public let memory: GuestMemory
    public let features: UInt64
    public let queues: [VirtQueue]
    public let notifiers: [EventNotifier]
    public let interrupt: VirtioInterrupt
    /// Marks the device as needing a reset after the guest broke a queue; the device stops serving it.
    public let reportBroken: @Sendable (VirtioError) -> Void

    public init(memory: GuestMemory, features: UInt64, queues: [VirtQueue], notifiers: [EventNotifier],
                interrupt: VirtioInterrupt, reportBroken: @escaping @Sendable (VirtioError) -> Void) {
        self.memory = memory
        self.features = features
        self.queues = queues
        self.notifiers = notifiers
        self.interrupt = interrupt
        self.reportBroken = reportBroken
    }

    public func hasFeature(_ bit: UInt64) -> Bool { features & bit != 0 }
}
