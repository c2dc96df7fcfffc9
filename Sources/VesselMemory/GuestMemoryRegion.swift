#if canImport(Glibc)
import Glibc
#endif

/// One contiguous block of guest physical memory backed by an anonymous host mapping.
public final class GuestMemoryRegion: @unchecked Sendable {
    public let start: GuestAddress
    public let size: UInt64
    /// Host address of the first byte; handed to KVM_SET_USER_MEMORY_REGION.
    public let hostBase: UnsafeMutableRawPointer

    /// Maps `size` bytes of zeroed, private, anonymous memory. Pages are only backed when touched.
    public init(start: GuestAddress, size: UInt64) throws {
        guard size > 0, start.adding(size) != nil, size <= UInt64(Int.max) else {
            throw GuestMemoryError.invalidRegion(start: start, size: size)
        }
        let mapped = mmap(nil, Int(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw GuestMemoryError.mappingFailed(size: size, errno: errno)
        }
        self.start = start
        self.size = size
        self.hostBase = mapped
    }

    deinit {
        munmap(hostBase, Int(size))
    }

    /// One past the last guest address of the region.
    public var end: UInt64 { start.rawValue + size }

    /// Offset of the range within the region, or nil if it does not fit wholly inside.
    func offset(of address: GuestAddress, length: UInt64) -> Int? {
        guard address.rawValue >= start.rawValue else { return nil }
        let offset = address.rawValue - start.rawValue
        guard offset <= size, length <= size - offset else { return nil }
        return Int(offset)
    }
}
