import VesselMemory

extension BootLoader {
    /// Present + writable, and for page directory entries also 2 MiB page size.
    static let pageTablePresentWritable: UInt64 = 0x3
    static let pageDirectoryLargePage: UInt64 = 0x80
    static let largePageSize: UInt64 = 2 << 20

    /// PML4[0] → PDPT[0] → one page directory of 512 2 MiB pages: [0, 1 GiB) identity mapped.
    static func writeIdentityPageTables(into memory: GuestMemory) throws {
        var pml4 = [UInt8](repeating: 0, count: Int(X86MemoryLayout.pageSize))
        pml4.storeLittleEndian(X86MemoryLayout.pdptAddress.rawValue | pageTablePresentWritable, at: 0)
        var pdpt = [UInt8](repeating: 0, count: Int(X86MemoryLayout.pageSize))
        pdpt.storeLittleEndian(X86MemoryLayout.pageDirectoryAddress.rawValue | pageTablePresentWritable, at: 0)
        var directory: [UInt8] = []
        directory.reserveCapacity(Int(X86MemoryLayout.pageSize))
        for index in 0..<UInt64(512) {
            directory.appendLittleEndian(index * largePageSize | pageTablePresentWritable | pageDirectoryLargePage)
        }
        try write(pml4, at: X86MemoryLayout.pml4Address, what: "page tables", into: memory)
        try write(pdpt, at: X86MemoryLayout.pdptAddress, what: "page tables", into: memory)
        try write(directory, at: X86MemoryLayout.pageDirectoryAddress, what: "page tables", into: memory)
    }

    static func longModeEntry(rsdp: GuestAddress, initrd: (address: GuestAddress, size: UInt64)?,
                              kernelEnd: UInt64) -> BootEntry {
        let stack = X86MemoryLayout.bootStackPointer.rawValue
        return BootEntry(
            mode: .longMode64,
            rip: X86MemoryLayout.kernelLoadAddress.rawValue + X86MemoryLayout.bzImage64BitEntryOffset,
            rsp: stack, rbp: stack,
            rsi: X86MemoryLayout.zeroPageAddress.rawValue, rbx: 0,
            rflags: rflagsReserved,
            cr0: cr0ProtectionEnable | cr0ExtensionType | cr0Paging,
            cr3: X86MemoryLayout.pml4Address.rawValue,
            cr4: cr4PhysicalAddressExtension,
            efer: eferLongModeEnable | eferLongModeActive,
            gdtBase: X86MemoryLayout.gdtAddress.rawValue, gdtLimit: gdtLimit,
            idtBase: X86MemoryLayout.idtAddress.rawValue, idtLimit: idtLimit,
            codeSegment: .flatCode64(selector: codeSelector),
            dataSegment: .flatData(selector: dataSelector),
            taskSegment: .bootTaskState(selector: taskSelector),
            rsdpAddress: rsdp, commandLineAddress: X86MemoryLayout.commandLineAddress,
            initrdAddress: initrd?.address, initrdSize: initrd?.size ?? 0, kernelEnd: kernelEnd)
    }

    static func protectedModeEntry(pvhEntry: UInt32, rsdp: GuestAddress,
                                   initrd: (address: GuestAddress, size: UInt64)?, kernelEnd: UInt64) -> BootEntry {
        let stack = X86MemoryLayout.bootStackPointer.rawValue
        return BootEntry(
            mode: .protectedMode32,
            rip: UInt64(pvhEntry),
            rsp: stack, rbp: stack,
            rsi: 0, rbx: X86MemoryLayout.pvhStartInfoAddress.rawValue,
            rflags: rflagsReserved,
            cr0: cr0ProtectionEnable | cr0ExtensionType,
            cr3: 0, cr4: 0, efer: 0,
            gdtBase: X86MemoryLayout.gdtAddress.rawValue, gdtLimit: gdtLimit,
            idtBase: X86MemoryLayout.idtAddress.rawValue, idtLimit: idtLimit,
            codeSegment: .flatCode32(selector: codeSelector),
            dataSegment: .flatData(selector: dataSelector),
            taskSegment: .bootTaskState(selector: taskSelector),
            rsdpAddress: rsdp, commandLineAddress: X86MemoryLayout.commandLineAddress,
            initrdAddress: initrd?.address, initrdSize: initrd?.size ?? 0, kernelEnd: kernelEnd)
    }

    /// Five 8-byte entries: null, unused, code, data, TSS.
    static let gdtLimit: UInt16 = 5 * 8 - 1
}
