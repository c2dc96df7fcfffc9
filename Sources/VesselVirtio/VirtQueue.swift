import CVesselEvent
import VesselMemory

/// The device side of one split virtqueue (Virtio 1.2, section 2.7), owned by one device thread.
///
/// Everything read from the rings is guest-controlled: indexes, descriptor addresses, lengths and
/// chains are validated here, and a violation throws `VirtioError.malformedQueue` instead of touching
/// memory outside the guest.
public final class VirtQueue: @unchecked Sendable {
    /// Largest indirect table accepted: the spec bounds a chain by the queue size, Linux by 2^16.
    static let maximumIndirectEntries: UInt64 = 1 << 16
    static let availableNoInterrupt: UInt16 = 1
    static let usedNoNotify: UInt16 = 1

    public let index: Int
    public let size: UInt16
    let memory: GuestMemory
    let descriptorTable: GuestAddress
    let availableRing: GuestAddress
    let usedRing: GuestAddress
    let eventIndex: Bool
    let indirectDescriptors: Bool

    /// The next available-ring slot the device will consume (free-running, wraps at 2^16).
    public private(set) var nextAvailable: UInt16 = 0
    /// The used index the device has published.
    public private(set) var nextUsed: UInt16 = 0
    /// The used index at the last interrupt, for EVENT_IDX suppression.
    var signalledUsed: UInt16 = 0
    var hasSignalled = false

    public init(index: Int, configuration: VirtQueueConfiguration, memory: GuestMemory, features: UInt64) throws {
        let eventIndex = features & VirtioFeatures.ringEventIndex != 0
        try configuration.validate(index: index, memory: memory, eventIndex: eventIndex)
        self.index = index
        self.size = configuration.size
        self.memory = memory
        self.descriptorTable = GuestAddress(configuration.descriptorTable)
        self.availableRing = GuestAddress(configuration.availableRing)
        self.usedRing = GuestAddress(configuration.usedRing)
        self.eventIndex = eventIndex
        self.indirectDescriptors = features & VirtioFeatures.ringIndirectDescriptors != 0
    }

    func fail(_ reason: String) -> VirtioError { .malformedQueue(queue: index, reason: reason) }

    /// The driver's available index, with the ring entries it publishes made visible.
    func availableIndex() throws -> UInt16 {
        let value: UInt16 = try memory.readInteger(at: GuestAddress(availableRing.rawValue + 2))
        vessel_fence_acquire()
        return value
    }

    /// True if the driver has made requests available that the device has not taken.
    public func hasAvailable() throws -> Bool {
        try availableIndex() != nextAvailable
    }

    /// Takes the next available chain, or nil when the ring is empty.
    public func popAvailable() throws -> DescriptorChain? {
        let available = try availableIndex()
        let pending = available &- nextAvailable
        guard pending != 0 else { return nil }
        guard pending <= size else {
            throw fail("available index \(available) is \(pending) ahead of \(nextAvailable), more than the queue size \(size)")
        }
        let slot = GuestAddress(availableRing.rawValue + 4 + 2 * UInt64(nextAvailable % size))
        let head: UInt16 = try memory.readInteger(at: slot)
        let chain = try parseChain(head: head)
        nextAvailable &+= 1
        return chain
    }

    /// Returns a chain to the driver with `length` bytes written into its device-writable buffers.
    public func addUsed(headIndex: UInt16, length: UInt32) throws {
        guard headIndex < size else { throw fail("used head \(headIndex) is outside a queue of \(size)") }
        let element = GuestAddress(usedRing.rawValue + 4 + 8 * UInt64(nextUsed % size))
        try memory.writeInteger(UInt32(headIndex), at: element)
        try memory.writeInteger(length, at: GuestAddress(element.rawValue + 4))
        nextUsed &+= 1
        // The element must be visible before the index that publishes it.
        vessel_fence_release()
        try memory.writeInteger(nextUsed, at: GuestAddress(usedRing.rawValue + 2))
    }

    func restoreAvailable(_ value: UInt16) {
        nextAvailable = value
    }

    /// Re-reads the driver's state from memory after a reset of this queue's consumer (tests, restore).
    public func restore(nextAvailable: UInt16, nextUsed: UInt16) {
        self.nextAvailable = nextAvailable
        self.nextUsed = nextUsed
        self.signalledUsed = nextUsed
        self.hasSignalled = false
    }
}
