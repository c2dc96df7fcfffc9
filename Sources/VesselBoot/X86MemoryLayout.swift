import VesselMemory

/// The guest physical address map of a Vessel x86-64 microVM, kept in one place.
///
/// Below 1 MiB (all inside the first 640 KiB of RAM unless noted):
/// GDT 0x500, IDT 0x540, PVH start_info 0x6000, zero page 0x7000, boot stack below 0x9000,
/// identity page tables 0x9000-0xbfff, command line 0x20000, EBDA from 0x9fc00, ACPI tables from 0xE0000.
/// The kernel loads at 1 MiB. RAM stops at 3 GiB and resumes at 4 GiB, leaving a 32-bit MMIO gap
/// for virtio-mmio devices, the IOAPIC and the local APIC.
public enum X86MemoryLayout {
    public static let kibibyte: UInt64 = 1 << 10
    public static let mebibyte: UInt64 = 1 << 20
    public static let gibibyte: UInt64 = 1 << 30
    public static let pageSize: UInt64 = 4096

    // Boot structures below 1 MiB.
    public static let gdtAddress = GuestAddress(0x500)
    /// Room for the five 8-byte GDT entries written at boot.
    public static let gdtMaximumSize: UInt64 = 0x40
    public static let idtAddress = GuestAddress(0x540)
    public static let pvhStartInfoAddress = GuestAddress(0x6000)
    public static let pvhModuleListAddress = GuestAddress(0x6040)
    public static let pvhMemoryMapAddress = GuestAddress(0x6100)
    /// The memory map may use the rest of the PVH page.
    public static let pvhMemoryMapMaximumEntries = Int((0x7000 - 0x6100) / 24)
    public static let zeroPageAddress = GuestAddress(0x7000)
    /// Initial stack pointer; the stack grows down into 0x8xxx.
    public static let bootStackPointer = GuestAddress(0x8ff0)
    public static let pml4Address = GuestAddress(0x9000)
    public static let pdptAddress = GuestAddress(0xa000)
    public static let pageDirectoryAddress = GuestAddress(0xb000)
    /// The identity map covers [0, identityMappedSize) with 2 MiB pages.
    public static let identityMappedSize: UInt64 = 1 << 30
    public static let commandLineAddress = GuestAddress(0x20000)
    /// Bytes reserved for the command line, including its terminating NUL.
    public static let commandLineMaximumSize: UInt64 = 0x10000

    // Firmware areas.
    public static let ebdaStart = GuestAddress(0x9fc00)
    public static let rsdpAddress = GuestAddress(0xe0000)
    /// ACPI tables live in [0xE0000, 1 MiB).
    public static let acpiAreaSize: UInt64 = 0x20000
    public static let kernelLoadAddress = GuestAddress(0x100000)
    /// Offset of the 64-bit entry point from the start of the protected-mode kernel.
    public static let bzImage64BitEntryOffset: UInt64 = 0x200

    // The 32-bit MMIO gap.
    public static let mmioGapStart = GuestAddress(3 << 30)
    public static let mmioGapEnd = GuestAddress(4 << 30)
    /// Window for virtio-mmio device registers inside the gap.
    public static let virtioMMIOWindowStart = GuestAddress(0xd000_0000)
    public static let virtioMMIOWindowSize: UInt64 = 0x2000_0000
    public static let ioapicAddress = GuestAddress(0xfec0_0000)
    public static let localAPICAddress = GuestAddress(0xfee0_0000)
    /// RAM above the gap starts here.
    public static let highRAMStart = GuestAddress(4 << 30)

    // ACPI hardware-reduced power management registers (system I/O space, 1 byte each).
    /// Sleep control: bits 2-4 SLP_TYPx, bit 5 SLP_EN. SLP_TYP 5 with SLP_EN (0x34) means power off.
    public static let acpiSleepControlPort: UInt16 = 0x600
    /// Sleep status: bit 7 WAK_STS.
    public static let acpiSleepStatusPort: UInt16 = 0x601
    /// Writing `acpiResetValue` here resets the machine.
    public static let acpiResetPort: UInt16 = 0x602
    public static let acpiResetValue: UInt8 = 0x01
    /// The SLP_TYP the DSDT's \_S5_ object advertises for soft-off.
    public static let acpiSoftOffSleepType: UInt8 = 5

    /// Processor Local APIC entries hold 8-bit APIC IDs and 0xFF is the broadcast ID.
    public static let maximumVCPUCount = 254

    /// The smallest guest that can hold the boot structures and a kernel.
    public static let minimumMemorySize: UInt64 = 8 << 20

    /// Guest RAM for `memorySize` bytes: below the MMIO gap, then continuing at 4 GiB.
    public static func ramRanges(memorySize: UInt64) -> [(start: GuestAddress, size: UInt64)] {
        guard memorySize > 0 else { return [] }
        let lowLimit = mmioGapStart.rawValue
        if memorySize <= lowLimit {
            return [(GuestAddress(0), memorySize)]
        }
        return [(GuestAddress(0), lowLimit), (highRAMStart, memorySize - lowLimit)]
    }

    /// One past the last byte of RAM below the MMIO gap.
    public static func lowRAMEnd(memorySize: UInt64) -> UInt64 {
        min(memorySize, mmioGapStart.rawValue)
    }
}
