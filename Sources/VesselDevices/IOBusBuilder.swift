/// Collects port-I/O devices before the vCPUs start; `build()` freezes them into an `IOBus`.
/// Splitting setup from dispatch makes "no registration after start" a compile-time fact.
public struct IOBusBuilder: Sendable {
    private var table = BusRangeTable<any PortIODevice>(kind: .port)

    public init() {}

    /// Registers `device` for ports [base, base+length). Throws on an empty, overlapping,
    /// or out-of-space (past 0xFFFF) range.
    public mutating func register(_ device: any PortIODevice, base: UInt16, length: Int) throws(DeviceError) {
        guard length >= 0 else {
            throw .emptyRange(bus: .port, base: UInt64(base))
        }
        try table.insert(device, base: UInt64(base), length: UInt64(length), limit: UInt64(UInt16.max))
    }

    /// The registered ranges, sorted by base port.
    public var ranges: [(base: UInt16, length: Int)] {
        table.entries.map { (UInt16(truncatingIfNeeded: $0.base), Int($0.length)) }
    }

    public func build() -> IOBus {
        IOBus(table: table)
    }
}
