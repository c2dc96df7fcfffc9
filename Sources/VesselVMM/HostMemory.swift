#if canImport(Glibc)
import Glibc
#endif

/// The host's physical memory, used to refuse guests that could never be backed.
public enum HostMemory {
    public static func totalBytes() -> UInt64? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return nil }
        return UInt64(pages) * UInt64(pageSize)
    }
}
