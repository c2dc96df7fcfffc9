import VesselMemory

/// One descriptor's buffer, already checked to lie inside guest memory.
public struct GuestBuffer: Sendable, Equatable {
    public let address: GuestAddress
    public let length: UInt32

    public init(address: GuestAddress, length: UInt32) {
        self.address = address
        self.length = length
    }
}
