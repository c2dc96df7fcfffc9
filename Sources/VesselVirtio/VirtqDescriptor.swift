import VesselMemory

/// A split-ring descriptor as the guest wrote it (Virtio 1.2, section 2.7.5): 16 bytes, little-endian.
struct VirtqDescriptor {
    static let size: UInt64 = 16
    static let flagNext: UInt16 = 1
    static let flagWrite: UInt16 = 2
    static let flagIndirect: UInt16 = 4

    let address: UInt64
    let length: UInt32
    let flags: UInt16
    let next: UInt16

    var hasNext: Bool { flags & Self.flagNext != 0 }
    var isDeviceWritable: Bool { flags & Self.flagWrite != 0 }
    var isIndirect: Bool { flags & Self.flagIndirect != 0 }

    /// Reads entry `index` of the table at `table`; the caller has bounds-checked `index`.
    static func read(from memory: GuestMemory, table: GuestAddress, index: UInt16) throws -> VirtqDescriptor {
        let entry = GuestAddress(table.rawValue + UInt64(index) * size)
        return try memory.withBytes(at: entry, count: Int(size)) { bytes in
            VirtqDescriptor(
                address: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                length: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
                flags: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt16.self)),
                next: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 14, as: UInt16.self)))
        }
    }
}
