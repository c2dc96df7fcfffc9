/// A PT_LOAD segment of an ELF kernel, loaded at its physical address.
public struct ELFSegment: Sendable, Equatable {
    public var physicalAddress: UInt64
    public var fileOffset: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64

    public init(physicalAddress: UInt64, fileOffset: UInt64, fileSize: UInt64, memorySize: UInt64) {
        self.physicalAddress = physicalAddress
        self.fileOffset = fileOffset
        self.fileSize = fileSize
        self.memorySize = memorySize
    }

    /// One past the last byte, saturating at the top of the address space.
    public var end: UInt64 {
        let (sum, overflow) = physicalAddress.addingReportingOverflow(memorySize)
        return overflow ? UInt64.max : sum
    }
}
