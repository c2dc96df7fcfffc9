/// The guest's physical memory: a fixed set of non-overlapping regions.
///
/// Every access goes through a bounds check, so a guest-controlled address or length
/// can produce an error but never a host access outside the mapped regions.
/// Guest memory is shared with running vCPUs by design, so this type does not
/// serialise accesses; callers that need ordering use the virtio memory barriers.
public final class GuestMemory: @unchecked Sendable {
    public let regions: [GuestMemoryRegion]

    /// Creates regions for the given (start, size) ranges, sorted by address.
    public init(ranges: [(start: GuestAddress, size: UInt64)]) throws {
        let sorted = ranges.sorted { $0.start < $1.start }
        var regions: [GuestMemoryRegion] = []
        for range in sorted {
            if let previous = regions.last, range.start.rawValue < previous.end {
                throw GuestMemoryError.invalidRegion(start: range.start, size: range.size)
            }
            regions.append(try GuestMemoryRegion(start: range.start, size: range.size))
        }
        self.regions = regions
    }

    /// Total bytes of guest RAM across regions.
    public var totalSize: UInt64 {
        regions.reduce(0) { $0 + $1.size }
    }

    /// Runs `body` on the host bytes of [address, address+length), which must lie inside one region.
    public func withBytes<Result>(
        at address: GuestAddress, count length: Int,
        _ body: (UnsafeMutableRawBufferPointer) throws -> Result
    ) throws -> Result {
        guard length >= 0 else { throw GuestMemoryError.outOfRange(address: address, length: 0) }
        for region in regions {
            if let offset = region.offset(of: address, length: UInt64(length)) {
                return try body(UnsafeMutableRawBufferPointer(start: region.hostBase + offset, count: length))
            }
        }
        throw GuestMemoryError.outOfRange(address: address, length: UInt64(length))
    }

    /// True if the whole range lies inside one region.
    public func contains(_ address: GuestAddress, length: UInt64) -> Bool {
        regions.contains { $0.offset(of: address, length: length) != nil }
    }

    public func write(_ bytes: some Collection<UInt8>, at address: GuestAddress) throws {
        try withBytes(at: address, count: bytes.count) { destination in
            // Kernels and initrds are tens of MiB: copy contiguous input with memcpy, not byte by byte.
            let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(source))
            }
            if copied == nil {
                destination.copyBytes(from: bytes)
            }
        }
    }

    public func read(at address: GuestAddress, count: Int) throws -> [UInt8] {
        try withBytes(at: address, count: count) { Array($0) }
    }

    /// Fills [address, address+count) with zero bytes.
    public func zero(at address: GuestAddress, count: Int) throws {
        try withBytes(at: address, count: count) { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }

    /// Reads a little-endian integer; unaligned addresses are allowed.
    public func readInteger<T: FixedWidthInteger>(at address: GuestAddress, as type: T.Type = T.self) throws -> T {
        try withBytes(at: address, count: MemoryLayout<T>.size) { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    /// Writes a little-endian integer; unaligned addresses are allowed.
    public func writeInteger<T: FixedWidthInteger>(_ value: T, at address: GuestAddress) throws {
        try withBytes(at: address, count: MemoryLayout<T>.size) { $0.storeBytes(of: value.littleEndian, as: T.self) }
    }
}
