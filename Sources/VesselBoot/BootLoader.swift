import VesselMemory

/// Lays out a Linux guest in memory: kernel, initrd, command line, boot_params or PVH start_info,
/// ACPI tables, GDT, IDT and page tables; returns the boot CPU's initial state.
public enum BootLoader {
    /// Selectors the 64-bit boot protocol names: __BOOT_CS = 0x10, __BOOT_DS = 0x18.
    public static let codeSelector: UInt16 = 0x10
    public static let dataSelector: UInt16 = 0x18
    public static let taskSelector: UInt16 = 0x20
    public static let idtLimit: UInt16 = 7

    // Control register bits.
    public static let cr0ProtectionEnable: UInt64 = 1 << 0
    public static let cr0ExtensionType: UInt64 = 1 << 4
    public static let cr0Paging: UInt64 = 1 << 31
    public static let cr4PhysicalAddressExtension: UInt64 = 1 << 5
    public static let eferLongModeEnable: UInt64 = 1 << 8
    public static let eferLongModeActive: UInt64 = 1 << 10
    public static let rflagsReserved: UInt64 = 1 << 1

    /// What the kernel placement step found, independent of format.
    struct LoadedKernel {
        var kernelEnd: UInt64
        var commandLineLimit: Int
        var initrdAddressMax: UInt64
    }

    public static func load(_ config: BootConfiguration, into memory: GuestMemory) throws -> BootEntry {
        guard (1...X86MemoryLayout.maximumVCPUCount).contains(config.vcpuCount) else {
            throw BootError.invalidVCPUCount(config.vcpuCount)
        }
        let e820 = try E820Map.standard(memorySize: config.memorySize)
        for range in X86MemoryLayout.ramRanges(memorySize: config.memorySize) {
            guard memory.contains(range.start, length: range.size) else {
                throw BootError.memoryMismatch(memorySize: config.memorySize)
            }
        }
        let lowRAMEnd = X86MemoryLayout.lowRAMEnd(memorySize: config.memorySize)

        let kernel: LoadedKernel
        switch config.kernel {
        case let .bzImage(header, bytes):
            kernel = try loadBzImage(header: header, bytes: bytes, lowRAMEnd: lowRAMEnd, into: memory)
        case let .elf(elf):
            kernel = try loadELF(elf, lowRAMEnd: lowRAMEnd, into: memory)
        }

        try writeCommandLine(config.commandLine, limit: kernel.commandLineLimit, into: memory)
        let initrd = try config.initrd.map {
            try loadInitrd($0, kernelEnd: kernel.kernelEnd, lowRAMEnd: lowRAMEnd,
                           addressMax: kernel.initrdAddressMax, into: memory)
        }

        let acpi = try ACPITables(vcpuCount: config.vcpuCount, devices: config.acpiDevices,
                                  legacyDevices: config.legacyDevices)
        try acpi.write(to: memory)

        let entry: BootEntry
        switch config.kernel {
        case let .bzImage(header, _):
            let params = BootParams(setupHeader: header.setupHeaderBytes,
                                    commandLineAddress: X86MemoryLayout.commandLineAddress.rawValue,
                                    ramdiskAddress: initrd?.address.rawValue ?? 0, ramdiskSize: initrd?.size ?? 0,
                                    e820: e820.entries, rsdpAddress: acpi.rsdpAddress.rawValue)
            try write(params.encoded(), at: X86MemoryLayout.zeroPageAddress, what: "boot_params", into: memory)
            try writeIdentityPageTables(into: memory)
            entry = longModeEntry(rsdp: acpi.rsdpAddress, initrd: initrd, kernelEnd: kernel.kernelEnd)
        case let .elf(elf):
            guard e820.entries.count <= X86MemoryLayout.pvhMemoryMapMaximumEntries else {
                throw BootError.tooManyMemoryMapEntries(count: e820.entries.count,
                                                        maximum: X86MemoryLayout.pvhMemoryMapMaximumEntries)
            }
            let startInfo = PVHStartInfo(
                commandLineAddress: X86MemoryLayout.commandLineAddress.rawValue,
                rsdpAddress: acpi.rsdpAddress.rawValue,
                memoryMapAddress: X86MemoryLayout.pvhMemoryMapAddress.rawValue,
                memoryMap: e820.entries,
                moduleListAddress: X86MemoryLayout.pvhModuleListAddress.rawValue,
                ramdisk: initrd.map { (address: $0.address.rawValue, size: $0.size) })
            try write(startInfo.encodedStartInfo, at: X86MemoryLayout.pvhStartInfoAddress, what: "PVH start_info", into: memory)
            try write(startInfo.encodedModuleList, at: X86MemoryLayout.pvhModuleListAddress, what: "PVH module list", into: memory)
            try write(startInfo.encodedMemoryMap, at: X86MemoryLayout.pvhMemoryMapAddress, what: "PVH memory map", into: memory)
            entry = protectedModeEntry(pvhEntry: elf.pvhEntry, rsdp: acpi.rsdpAddress, initrd: initrd,
                                       kernelEnd: kernel.kernelEnd)
        }

        let gdt = [0, 0, entry.codeSegment.gdtEntry, entry.dataSegment.gdtEntry, entry.taskSegment.gdtEntry]
        var gdtBytes: [UInt8] = []
        for descriptor in gdt { gdtBytes.appendLittleEndian(descriptor) }
        try write(gdtBytes, at: X86MemoryLayout.gdtAddress, what: "GDT", into: memory)
        try write([UInt8](repeating: 0, count: Int(idtLimit) + 1), at: X86MemoryLayout.idtAddress, what: "IDT", into: memory)
        return entry
    }

    static func write(_ bytes: some Collection<UInt8>, at address: GuestAddress, what: String,
                      into memory: GuestMemory) throws {
        do {
            try memory.write(bytes, at: address)
        } catch let error as GuestMemoryError {
            throw BootError.guestMemory(what: what, error)
        }
    }
}
