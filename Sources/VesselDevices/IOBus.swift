/// The guest's I/O port space: an immutable, sorted set of devices, safe to use from any number of
/// vCPU threads at once. Built with `IOBusBuilder`.
public struct IOBus: Sendable {
    private let table: BusRangeTable<any PortIODevice>

    init(table: BusRangeTable<any PortIODevice>) {
        self.table = table
    }

    /// An I/O bus with no devices.
    public init() {
        self.table = BusRangeTable(kind: .port)
    }

    /// Delivers a guest IN to the device covering every byte of the access.
    /// Returns false (and leaves `data` untouched) when no single device covers it;
    /// the VMM then reads all-ones.
    @discardableResult
    public func read(port: UInt16, into data: UnsafeMutableRawBufferPointer) -> Bool {
        guard let (device, offset) = table.lookup(UInt64(port), count: data.count) else { return false }
        device.read(offset: UInt16(truncatingIfNeeded: offset), into: data)
        return true
    }

    /// Delivers a guest OUT to the device covering every byte of the access.
    /// Returns false when no single device covers it; the VMM then drops the write.
    @discardableResult
    public func write(port: UInt16, data: UnsafeRawBufferPointer) -> Bool {
        guard let (device, offset) = table.lookup(UInt64(port), count: data.count) else { return false }
        device.write(offset: UInt16(truncatingIfNeeded: offset), data: data)
        return true
    }

    /// The registered ranges, sorted by base port.
    public var ranges: [(base: UInt16, length: Int)] {
        table.entries.map { (UInt16(truncatingIfNeeded: $0.base), Int($0.length)) }
    }
}
