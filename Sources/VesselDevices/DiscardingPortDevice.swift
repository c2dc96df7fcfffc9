/// Claims ports that a guest pokes but that need no behaviour: reads return all-ones (the same
/// as an empty ISA bus, so probes still find nothing) and writes are dropped. Registering it keeps
/// those accesses out of the VMM's "unhandled I/O" path. Stateless, hence trivially thread-safe.
public final class DiscardingPortDevice: PortIODevice, Sendable {
    public init() {}

    public func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer) {
        for index in data.indices { data[index] = 0xFF }
    }

    public func write(offset: UInt16, data: UnsafeRawBufferPointer) {}
}
