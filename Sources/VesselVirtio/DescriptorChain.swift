import VesselMemory

/// A request the driver made available: the device-readable buffers, then the device-writable ones.
/// Every buffer was checked against guest memory when the chain was parsed.
public struct DescriptorChain: Sendable, Equatable {
    /// The head descriptor index, returned to the driver in the used ring.
    public let headIndex: UInt16
    public let readable: [GuestBuffer]
    public let writable: [GuestBuffer]

    public init(headIndex: UInt16, readable: [GuestBuffer], writable: [GuestBuffer]) {
        self.headIndex = headIndex
        self.readable = readable
        self.writable = writable
    }

    /// The parser rejects chains whose total length exceeds UInt32, so these sums cannot overflow.
    public var readableLength: Int { readable.reduce(0) { $0 + Int($1.length) } }
    public var writableLength: Int { writable.reduce(0) { $0 + Int($1.length) } }
}
