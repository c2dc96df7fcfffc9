/// Collects MMIO devices before the vCPUs start; `build()` freezes them into an `MMIOBus`.
public struct MMIOBusBuilder: Sendable {
    private var table = BusRangeTable<any MMIODevice>(kind: .mmio)

    public init() {}

    /// Registers `device` for guest physical addresses [base, base+length). Throws on an empty,
    /// overlapping, or wrapping range.
    public mutating func register(_ device: any MMIODevice, base: UInt64, length: UInt64) throws(DeviceError) {
        try table.insert(device, base: base, length: length, limit: UInt64.max)
    }

    /// The registered ranges, sorted by base address.
    public var ranges: [(base: UInt64, length: UInt64)] {
        table.entries.map { ($0.base, $0.length) }
    }

    public func build() -> MMIOBus {
        MMIOBus(table: table)
    }
}
