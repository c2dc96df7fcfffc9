import VesselMemory

/// Chooses where the initrd goes: as high as possible, page-aligned, above the kernel.
public enum InitrdPlacement {
    /// - Parameters:
    ///   - size: initrd bytes.
    ///   - kernelEnd: one past the last byte the kernel needs (its init_size or segments).
    ///   - lowRAMEnd: one past the last byte of RAM below the MMIO gap.
    ///   - addressMax: highest address the initrd's last byte may occupy (initrd_addr_max).
    public static func address(size: UInt64, kernelEnd: UInt64, lowRAMEnd: UInt64, addressMax: UInt64) throws -> GuestAddress {
        let pageMask = X86MemoryLayout.pageSize - 1
        let limit = addressMax == UInt64.max ? lowRAMEnd : min(addressMax + 1, lowRAMEnd)
        let (paddedEnd, overflow) = kernelEnd.addingReportingOverflow(pageMask)
        let lowest = overflow ? UInt64.max : paddedEnd & ~pageMask
        guard size <= limit else {
            throw BootError.initrdTooLarge(size: size, limit: limit, kernelEnd: kernelEnd)
        }
        let start = (limit - size) & ~pageMask
        guard start >= lowest else {
            throw BootError.initrdTooLarge(size: size, limit: limit, kernelEnd: kernelEnd)
        }
        return GuestAddress(start)
    }
}
