/// The guest's MMIO space: an immutable, sorted set of devices, safe to use from any number of
/// vCPU threads at once. Built with `MMIOBusBuilder`.
public struct MMIOBus: Sendable {
    private let table: BusRangeTable<any MMIODevice>

    init(table: BusRangeTable<any MMIODevice>) {
        self.table = table
    }

    /// An MMIO bus with no devices.
    public init() {
        self.table = BusRangeTable(kind: .mmio)
    }

    /// Delivers a guest load to the device covering every byte of the access.
    /// Returns false (and leaves `data` untouched) when no single device covers it.
    @discardableResult
    public func read(address: UInt64, into data: UnsafeMutableRawBufferPointer) -> Bool {
        guard let (device, offset) = table.lookup(address, count: data.count) else { return false }
        device.read(offset: offset, into: data)
        return true
    }

    /// Delivers a guest store to the device covering every byte of the access.
    /// Returns false when no single device covers it.
    @discardableResult
    public func write(address: UInt64, data: UnsafeRawBufferPointer) -> Bool {
        guard let (device, offset) = table.lookup(address, count: data.count) else { return false }
        device.write(offset: offset, data: data)
        return true
    }

    /// The registered ranges, sorted by base address.
    public var ranges: [(base: UInt64, length: UInt64)] {
        table.entries.map { ($0.base, $0.length) }
    }
}
