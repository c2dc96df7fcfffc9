import VesselMemory

/// What the driver programmed into one queue's transport registers.
public struct VirtQueueConfiguration: Sendable, Equatable {
    public let maximumSize: UInt16
    public var size: UInt16
    public var isReady = false
    public var descriptorTable: UInt64 = 0
    public var availableRing: UInt64 = 0
    public var usedRing: UInt64 = 0

    public init(maximumSize: UInt16) {
        self.maximumSize = maximumSize
        self.size = maximumSize
    }

    /// Checks size, alignment and that the three areas lie in guest memory (Virtio 1.2, 2.7).
    public func validate(index: Int, memory: GuestMemory, eventIndex: Bool) throws {
        func fail(_ reason: String) -> VirtioError { .malformedQueue(queue: index, reason: reason) }
        guard size > 0, size <= maximumSize, size & (size - 1) == 0 else {
            throw fail("size \(size) is not a power of two up to \(maximumSize)")
        }
        let count = UInt64(size)
        let eventBytes: UInt64 = eventIndex ? 2 : 0
        let areas: [(name: String, address: UInt64, length: UInt64, alignment: UInt64)] = [
            ("descriptor table", descriptorTable, 16 * count, 16),
            ("available ring", availableRing, 4 + 2 * count + eventBytes, 2),
            ("used ring", usedRing, 4 + 8 * count + eventBytes, 4),
        ]
        for area in areas {
            guard area.address % area.alignment == 0 else {
                throw fail("\(area.name) at 0x\(String(area.address, radix: 16)) is not \(area.alignment)-byte aligned")
            }
            guard memory.contains(GuestAddress(area.address), length: area.length) else {
                throw fail("\(area.name) at 0x\(String(area.address, radix: 16)) (\(area.length) bytes) is outside guest memory")
            }
        }
    }
}
