/// Which address space a bus decodes; used to make bus errors self-explanatory.
public enum BusKind: Sendable, Equatable, CustomStringConvertible {
    /// The x86 I/O port space (0x0000...0xFFFF).
    case port
    /// Guest physical addresses decoded as memory-mapped I/O.
    case mmio

    public var description: String {
        switch self {
        case .port: return "I/O port"
        case .mmio: return "MMIO"
        }
    }
}
