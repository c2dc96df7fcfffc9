/// Why a guest memory access or mapping was refused.
public enum GuestMemoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The range [address, address+length) is not wholly inside one region.
    case outOfRange(address: GuestAddress, length: UInt64)
    /// Regions may not overlap, be empty, or wrap the address space.
    case invalidRegion(start: GuestAddress, size: UInt64)
    /// mmap failed for a region of this size.
    case mappingFailed(size: UInt64, errno: Int32)

    public var description: String {
        switch self {
        case let .outOfRange(address, length):
            return "guest memory access of \(length) bytes at \(address) is outside guest memory"
        case let .invalidRegion(start, size):
            return "invalid guest memory region of \(size) bytes at \(start)"
        case let .mappingFailed(size, errno):
            return "cannot map \(size / (1024 * 1024)) MiB of guest memory (errno \(errno))"
        }
    }
}
