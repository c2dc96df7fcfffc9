/// Where the initrd comes from: bytes in memory, or a file read straight into guest memory.
public enum InitialRamdisk: Sendable, Equatable {
    case bytes([UInt8])
    case path(String)
}
