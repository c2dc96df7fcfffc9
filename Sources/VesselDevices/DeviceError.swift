/// Why a device or bus could not be set up.
public enum DeviceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A device was registered for zero (or a negative number of) addresses.
    case emptyRange(bus: BusKind, base: UInt64)
    /// The range runs past the end of the address space (beyond port 0xFFFF, or wrapping 2^64).
    case rangeOutOfBounds(bus: BusKind, base: UInt64, length: UInt64)
    /// The range overlaps one that is already registered.
    case overlappingRange(bus: BusKind, base: UInt64, length: UInt64, existingBase: UInt64, existingLength: UInt64)

    public var description: String {
        switch self {
        case let .emptyRange(bus, base):
            return "cannot register an empty or negative-length \(bus) range at \(hex(base))"
        case let .rangeOutOfBounds(bus, base, length):
            return "\(bus) range of \(length) at \(hex(base)) runs past the end of the \(bus) space"
        case let .overlappingRange(bus, base, length, existingBase, existingLength):
            return "\(bus) range \(hex(base))+\(length) overlaps the registered range \(hex(existingBase))+\(existingLength)"
        }
    }

    private func hex(_ value: UInt64) -> String {
        "0x" + String(value, radix: 16)
    }
}
