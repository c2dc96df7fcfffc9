import VesselMemory
import VesselVirtio

/// The driver side of a split virtqueue, written straight into guest memory the way a guest kernel
/// would. Tests and the fuzzer use it to feed devices well-formed and malformed requests.
public final class GuestQueueDriver {
    public let memory: GuestMemory
    public let size: UInt16
    public let descriptorTable: UInt64
    public let availableRing: UInt64
    public let usedRing: UInt64
    public private(set) var availableIndex: UInt16 = 0
    private var nextDescriptor: UInt16 = 0
    private var lastSeenUsed: UInt16 = 0

    /// Lays the three areas out from `base`, which must leave room for a queue of `size`.
    public init(memory: GuestMemory, size: UInt16, base: UInt64) {
        self.memory = memory
        self.size = size
        descriptorTable = base
        availableRing = base + 16 * UInt64(size)
        let availableEnd = availableRing + 6 + 2 * UInt64(size)
        usedRing = (availableEnd + 3) & ~3
    }

    /// Bytes from `base` the queue occupies.
    public var footprint: UInt64 { usedRing + 6 + 8 * UInt64(size) - descriptorTable }

    public var configuration: VirtQueueConfiguration {
        var configuration = VirtQueueConfiguration(maximumSize: size)
        configuration.size = size
        configuration.descriptorTable = descriptorTable
        configuration.availableRing = availableRing
        configuration.usedRing = usedRing
        configuration.isReady = true
        return configuration
    }

    public func writeDescriptor(table: UInt64? = nil, index: UInt16, address: UInt64, length: UInt32,
                                flags: UInt16, next: UInt16) throws {
        let entry = GuestAddress((table ?? descriptorTable) + 16 * UInt64(index))
        try memory.writeInteger(address, at: entry)
        try memory.writeInteger(length, at: GuestAddress(entry.rawValue + 8))
        try memory.writeInteger(flags, at: GuestAddress(entry.rawValue + 12))
        try memory.writeInteger(next, at: GuestAddress(entry.rawValue + 14))
    }

    /// Writes `buffers` as a NEXT-linked chain in free descriptors and returns its head (not published).
    public func writeChain(_ buffers: [(address: UInt64, length: UInt32, writable: Bool)]) throws -> UInt16 {
        let head = nextDescriptor
        for (position, buffer) in buffers.enumerated() {
            let index = nextDescriptor
            nextDescriptor = (nextDescriptor &+ 1) % size
            let isLast = position == buffers.count - 1
            let flags: UInt16 = (isLast ? 0 : 1) | (buffer.writable ? 2 : 0)
            try writeDescriptor(index: index, address: buffer.address, length: buffer.length, flags: flags,
                                next: isLast ? 0 : nextDescriptor)
        }
        return head
    }

    /// Writes and publishes a chain; returns its head.
    @discardableResult
    public func addChain(_ buffers: [(address: UInt64, length: UInt32, writable: Bool)]) throws -> UInt16 {
        let head = try writeChain(buffers)
        try publish(head: head)
        return head
    }

    /// Puts `head` in the next available slot and bumps the available index.
    public func publish(head: UInt16) throws {
        try memory.writeInteger(head, at: GuestAddress(availableRing + 4 + 2 * UInt64(availableIndex % size)))
        availableIndex &+= 1
        try memory.writeInteger(availableIndex, at: GuestAddress(availableRing + 2))
    }

    /// Sets the available index directly, e.g. to claim more entries than the ring holds.
    public func setAvailableIndex(_ value: UInt16) throws {
        availableIndex = value
        try memory.writeInteger(value, at: GuestAddress(availableRing + 2))
    }

    public func setAvailableFlags(_ flags: UInt16) throws {
        try memory.writeInteger(flags, at: GuestAddress(availableRing))
    }

    /// EVENT_IDX: interrupt me when the used index passes `value`.
    public func setUsedEvent(_ value: UInt16) throws {
        try memory.writeInteger(value, at: GuestAddress(availableRing + 4 + 2 * UInt64(size)))
    }

    public func usedIndex() throws -> UInt16 {
        try memory.readInteger(at: GuestAddress(usedRing + 2))
    }

    public func usedFlags() throws -> UInt16 {
        try memory.readInteger(at: GuestAddress(usedRing))
    }

    /// EVENT_IDX: the available index after which the device wants a notification.
    public func availableEvent() throws -> UInt16 {
        try memory.readInteger(at: GuestAddress(usedRing + 4 + 8 * UInt64(size)))
    }

    /// Used elements published since the last call, in order.
    public func takeUsed() throws -> [(id: UInt32, length: UInt32)] {
        let current = try usedIndex()
        var entries: [(id: UInt32, length: UInt32)] = []
        while lastSeenUsed != current {
            let element = GuestAddress(usedRing + 4 + 8 * UInt64(lastSeenUsed % size))
            entries.append((try memory.readInteger(at: element), try memory.readInteger(at: GuestAddress(element.rawValue + 4))))
            lastSeenUsed &+= 1
        }
        return entries
    }
}
