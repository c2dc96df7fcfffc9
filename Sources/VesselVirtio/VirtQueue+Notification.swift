import CVesselEvent
import VesselMemory

extension VirtQueue {
    /// Asks the driver to notify on the next available buffer. Returns true if buffers arrived in the
    /// meantime, in which case the caller must keep processing (the notification may never come).
    public func enableNotification() throws -> Bool {
        if eventIndex {
            try memory.writeInteger(nextAvailable, at: GuestAddress(usedRing.rawValue + 4 + 8 * UInt64(size)))
        } else {
            try memory.writeInteger(UInt16(0), at: usedRing)
        }
        // The write above must be visible before we look at the driver's index again.
        vessel_fence_full()
        return try hasAvailable()
    }

    /// Tells the driver not to notify while the device is busy draining the queue.
    public func disableNotification() throws {
        guard !eventIndex else { return }
        try memory.writeInteger(Self.usedNoNotify, at: usedRing)
    }

    /// Whether the used buffers published since the last interrupt warrant a new one.
    public func needsInterrupt() throws -> Bool {
        vessel_fence_full()
        if eventIndex {
            let usedEvent: UInt16 = try memory.readInteger(at: GuestAddress(availableRing.rawValue + 4 + 2 * UInt64(size)))
            let previous = signalledUsed
            let hadSignalled = hasSignalled
            signalledUsed = nextUsed
            hasSignalled = true
            guard hadSignalled else { return true }
            // Virtio 1.2, 2.7.10: interrupt if used_event lies in [previous, nextUsed).
            return nextUsed &- usedEvent &- 1 < nextUsed &- previous
        }
        let flags: UInt16 = try memory.readInteger(at: availableRing)
        return flags & Self.availableNoInterrupt == 0
    }
}
