#if canImport(Glibc)
import Glibc
#endif

/// One contiguous block of guest physical memory backed by an anonymous host mapping.
public final class GuestMemoryRegion: @unchecked Sendable {
    public let start: GuestAddress
    public let size: UInt64
    /// Host address of the first byte; handed to KVM_SET_USER_MEMORY_REGION.
    public let hostBase: UnsafeMutableRawPointer

    /// Transparent huge pages need 2 MiB-aligned host addresses.
    static let hugePageSize = 2 << 20

    /// Maps `size` bytes of zeroed, private, anonymous memory. Pages are only backed when touched.
    /// The mapping is 2 MiB-aligned and asks for transparent huge pages: every guest page first touched costs
    /// a nested page fault, and 2 MiB pages make 512 times fewer of them (QEMU does the same).
    public init(start: GuestAddress, size: UInt64) throws {
        guard size > 0, start.adding(size) != nil, size <= UInt64(Int.max - Self.hugePageSize) else {
            throw GuestMemoryError.invalidRegion(start: start, size: size)
        }
        let length = Int(size)
        let reserved = length + Self.hugePageSize
        let mapped = mmap(nil, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw GuestMemoryError.mappingFailed(size: size, errno: errno)
        }
        let base = UInt(bitPattern: mapped)
        let alignedBase = (base + UInt(Self.hugePageSize - 1)) & ~UInt(Self.hugePageSize - 1)
        let head = Int(alignedBase - base)
        let tail = reserved - head - length
        if head > 0 { munmap(mapped, head) }
        let aligned = mapped + head
        if tail > 0 { munmap(aligned + length, tail) }
        // Advice only: a kernel without THP still gives correct, 4 KiB-backed memory.
        _ = madvise(aligned, length, MADV_HUGEPAGE)
        self.start = start
        self.size = size
        self.hostBase = aligned
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
