import CVesselKVM

/// Marshals `struct kvm_cpuid2` (a count followed by a flexible array) to and from Swift arrays.
enum CPUIDList {
    static let headerSize = MemoryLayout<kvm_cpuid2>.size
    static let entrySize = MemoryLayout<kvm_cpuid_entry2>.stride

    /// Lets the kernel fill a list with room for `capacity` entries, then copies out what it reported.
    static func withBuffer(capacity: Int, _ fill: (UnsafeMutableRawPointer) throws -> Void) throws -> [kvm_cpuid_entry2] {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: headerSize + capacity * entrySize,
                                                      alignment: MemoryLayout<kvm_cpuid_entry2>.alignment)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: headerSize + capacity * entrySize)
        buffer.storeBytes(of: UInt32(capacity), as: UInt32.self)
        try fill(buffer)
        let count = min(Int(buffer.load(as: UInt32.self)), capacity)
        return (0..<count).map { index in
            buffer.load(fromByteOffset: headerSize + index * entrySize, as: kvm_cpuid_entry2.self)
        }
    }

    /// Builds a list holding `entries` for the duration of `body`.
    static func withList<Result>(_ entries: [kvm_cpuid_entry2], _ body: (UnsafeMutableRawPointer) throws -> Result) rethrows -> Result {
        let byteCount = headerSize + entries.count * entrySize
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: MemoryLayout<kvm_cpuid_entry2>.alignment)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        buffer.storeBytes(of: UInt32(entries.count), as: UInt32.self)
        for (index, entry) in entries.enumerated() {
            buffer.storeBytes(of: entry, toByteOffset: headerSize + index * entrySize, as: kvm_cpuid_entry2.self)
        }
        return try body(buffer)
    }
}
