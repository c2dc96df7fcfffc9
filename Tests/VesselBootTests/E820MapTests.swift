import Testing
@testable import VesselBoot
import VesselMemory

@Suite struct E820MapTests {
    let mib: UInt64 = 1 << 20
    let gib: UInt64 = 1 << 30

    func lowEntries() -> [E820Entry] {
        [E820Entry(address: 0, size: 0x9fc00, type: .ram),
         E820Entry(address: 0x9fc00, size: 0xe0000 - 0x9fc00, type: .reserved),
         E820Entry(address: 0xe0000, size: 0x20000, type: .acpiReclaimable)]
    }

    @Test func map256MiB() throws {
        let map = try E820Map.standard(memorySize: 256 * mib)
        #expect(map.entries == lowEntries() + [E820Entry(address: mib, size: 255 * mib, type: .ram)])
        #expect(map.ramSize == 255 * mib + 0x9fc00)
    }

    @Test func map3GiBEndsAtTheGap() throws {
        let map = try E820Map.standard(memorySize: 3 * gib)
        #expect(map.entries == lowEntries() + [E820Entry(address: mib, size: 3 * gib - mib, type: .ram)])
        #expect(X86MemoryLayout.ramRanges(memorySize: 3 * gib).count == 1)
    }

    @Test func map6GiBContinuesAt4GiB() throws {
        let map = try E820Map.standard(memorySize: 6 * gib)
        #expect(map.entries == lowEntries() + [
            E820Entry(address: mib, size: 3 * gib - mib, type: .ram),
            E820Entry(address: 4 * gib, size: 3 * gib, type: .ram),
        ])
        let ranges = X86MemoryLayout.ramRanges(memorySize: 6 * gib)
        #expect(ranges.map(\.start) == [GuestAddress(0), GuestAddress(4 * gib)])
        #expect(ranges.map(\.size) == [3 * gib, 3 * gib])
        // No RAM entry may reach into the MMIO gap.
        for entry in map.entries where entry.type == .ram {
            #expect(entry.end <= 3 * gib || entry.address >= 4 * gib)
        }
    }

    @Test func entriesAreSortedAndDisjoint() throws {
        for size in [8 * mib, 256 * mib, 3 * gib + 1, 6 * gib] {
            let entries = try E820Map.standard(memorySize: size).entries
            for (previous, next) in zip(entries, entries.dropFirst()) {
                #expect(previous.end <= next.address)
            }
        }
    }

    @Test func tooSmallMemory() {
        #expect(throws: BootError.memoryTooSmall(memorySize: mib, minimum: X86MemoryLayout.minimumMemorySize)) {
            try E820Map.standard(memorySize: mib)
        }
    }

    @Test func encodings() {
        let entry = E820Entry(address: 0x1122_3344_5566_7788, size: 0x10, type: .acpiReclaimable)
        #expect(entry.encoded == [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
                                  0x10, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0])
        #expect(entry.encodedForPVH == entry.encoded + [0, 0, 0, 0])
    }

    @Test func layoutConstantsDoNotOverlap() {
        let structures: [(UInt64, UInt64)] = [
            (X86MemoryLayout.gdtAddress.rawValue, X86MemoryLayout.gdtMaximumSize),
            (X86MemoryLayout.idtAddress.rawValue, 8),
            (X86MemoryLayout.pvhStartInfoAddress.rawValue, 0x40),
            (X86MemoryLayout.pvhModuleListAddress.rawValue, 0x20),
            (X86MemoryLayout.pvhMemoryMapAddress.rawValue, UInt64(X86MemoryLayout.pvhMemoryMapMaximumEntries * 24)),
            (X86MemoryLayout.zeroPageAddress.rawValue, 0x1000),
            (X86MemoryLayout.pml4Address.rawValue, 0x1000),
            (X86MemoryLayout.pdptAddress.rawValue, 0x1000),
            (X86MemoryLayout.pageDirectoryAddress.rawValue, 0x1000),
            (X86MemoryLayout.commandLineAddress.rawValue, X86MemoryLayout.commandLineMaximumSize),
        ].sorted { $0.0 < $1.0 }
        for (previous, next) in zip(structures, structures.dropFirst()) {
            #expect(previous.0 + previous.1 <= next.0)
        }
        let last = structures.last.map { $0.0 + $0.1 } ?? 0
        #expect(last <= X86MemoryLayout.ebdaStart.rawValue)
        #expect(X86MemoryLayout.bootStackPointer.rawValue < X86MemoryLayout.pml4Address.rawValue)
        #expect(X86MemoryLayout.bootStackPointer.rawValue > X86MemoryLayout.zeroPageAddress.rawValue + 0x1000)
        let window = X86MemoryLayout.virtioMMIOWindowStart.rawValue
        #expect(window >= X86MemoryLayout.mmioGapStart.rawValue)
        #expect(window + X86MemoryLayout.virtioMMIOWindowSize <= X86MemoryLayout.ioapicAddress.rawValue)
        #expect(X86MemoryLayout.acpiSleepControlPort == 0x600)
        #expect(X86MemoryLayout.acpiSleepStatusPort == 0x601)
        #expect(X86MemoryLayout.acpiResetPort == 0x602)
    }
}
