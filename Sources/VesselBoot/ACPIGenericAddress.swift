/// A Generic Address Structure (GAS), 12 bytes.
public struct ACPIGenericAddress: Sendable, Equatable {
    public static let size = 12
    public static let systemMemory: UInt8 = 0
    public static let systemIO: UInt8 = 1
    public static let byteAccess: UInt8 = 1

    public var addressSpace: UInt8
    public var bitWidth: UInt8
    public var bitOffset: UInt8
    public var accessSize: UInt8
    public var address: UInt64

    public init(addressSpace: UInt8, bitWidth: UInt8, bitOffset: UInt8, accessSize: UInt8, address: UInt64) {
        self.addressSpace = addressSpace
        self.bitWidth = bitWidth
        self.bitOffset = bitOffset
        self.accessSize = accessSize
        self.address = address
    }

    /// A one-byte register in system I/O space.
    public static func ioPort8(_ port: UInt16) -> ACPIGenericAddress {
        ACPIGenericAddress(addressSpace: systemIO, bitWidth: 8, bitOffset: 0, accessSize: byteAccess, address: UInt64(port))
    }

    public var bytes: [UInt8] {
        var bytes = [addressSpace, bitWidth, bitOffset, accessSize]
        bytes.appendLittleEndian(address)
        return bytes
    }
}
