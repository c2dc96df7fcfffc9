/// One range of the e820 memory map.
public struct E820Entry: Sendable, Equatable {
    /// Size of the packed boot_params form (addr, size, type).
    public static let encodedSize = 20

    public var address: UInt64
    public var size: UInt64
    public var type: E820Type

    public init(address: UInt64, size: UInt64, type: E820Type) {
        self.address = address
        self.size = size
        self.type = type
    }

    /// One past the last byte, saturating at the top of the address space.
    public var end: UInt64 {
        let (sum, overflow) = address.addingReportingOverflow(size)
        return overflow ? UInt64.max : sum
    }

    /// The 20-byte `struct boot_e820_entry`.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.encodedSize)
        bytes.appendLittleEndian(address)
        bytes.appendLittleEndian(size)
        bytes.appendLittleEndian(type.rawValue)
        return bytes
    }

    /// The 24-byte `struct hvm_memmap_table_entry` (addr, size, type, reserved).
    public var encodedForPVH: [UInt8] {
        var bytes = encoded
        bytes.appendLittleEndian(UInt32(0))
        return bytes
    }
}
