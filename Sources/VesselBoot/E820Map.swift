/// The guest's physical memory map as reported to the kernel.
public struct E820Map: Sendable, Equatable {
    public var entries: [E820Entry]

    public init(entries: [E820Entry]) {
        self.entries = entries
    }

    /// RAM [0, EBDA), reserved EBDA..0xE0000 (BIOS area), ACPI tables 0xE0000..1 MiB,
    /// then RAM from 1 MiB split around the 32-bit MMIO gap.
    public static func standard(memorySize: UInt64) throws -> E820Map {
        guard memorySize >= X86MemoryLayout.minimumMemorySize else {
            throw BootError.memoryTooSmall(memorySize: memorySize, minimum: X86MemoryLayout.minimumMemorySize)
        }
        let ebda = X86MemoryLayout.ebdaStart.rawValue
        let acpi = X86MemoryLayout.rsdpAddress.rawValue
        let highMemory = X86MemoryLayout.kernelLoadAddress.rawValue
        var entries = [
            E820Entry(address: 0, size: ebda, type: .ram),
            E820Entry(address: ebda, size: acpi - ebda, type: .reserved),
            E820Entry(address: acpi, size: highMemory - acpi, type: .acpiReclaimable),
        ]
        for range in X86MemoryLayout.ramRanges(memorySize: memorySize) {
            let start = max(range.start.rawValue, highMemory)
            let end = range.start.rawValue + range.size
            if end > start {
                entries.append(E820Entry(address: start, size: end - start, type: .ram))
            }
        }
        return E820Map(entries: entries)
    }

    /// Total bytes of usable RAM in the map.
    public var ramSize: UInt64 {
        entries.filter { $0.type == .ram }.reduce(0) { $0 + $1.size }
    }
}
