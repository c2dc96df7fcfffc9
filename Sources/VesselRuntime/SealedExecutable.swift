internal import CVesselSys
import Glibc

/// A sealed in-memory copy of the runtime binary. The container init is executed from it, so a process in the
/// container that reaches /proc/<init>/exe finds a memfd it cannot write (CVE-2019-5736), not the host binary.
struct SealedExecutable {
    let fd: Int32

    static func create() throws -> SealedExecutable {
        let source = try SystemCall.check("open", "/proc/self/exe") { vessel_open("/proc/self/exe", O_RDONLY | O_CLOEXEC, 0) }
        defer { SystemCall.closeIgnoringErrors(source) }
        let cloexec: UInt32 = 0x0001, allowSealing: UInt32 = 0x0002, executable: UInt32 = 0x0010
        var memfd = vessel_memfd_create("vessel-runtime", cloexec | allowSealing | executable)
        if memfd < 0 && errno == EINVAL {
            // Kernels before 6.3 do not know MFD_EXEC; executability is the default there.
            memfd = vessel_memfd_create("vessel-runtime", cloexec | allowSealing)
        }
        guard memfd >= 0 else { throw SystemCall.errnoError("memfd_create") }
        do {
            var info = stat()
            try SystemCall.check("fstat", "/proc/self/exe") { fstat(source, &info) }
            var remaining = Int(info.st_size)
            while remaining > 0 {
                let copied = try SystemCall.check("sendfile", "runtime binary") { sendfile(memfd, source, nil, remaining) }
                if copied == 0 { break }
                remaining -= copied
            }
            let sealSeal: Int32 = 1, sealShrink: Int32 = 2, sealGrow: Int32 = 4, sealWrite: Int32 = 8
            let addSeals: Int32 = 1033
            try SystemCall.check("fcntl", "F_ADD_SEALS") { vessel_fcntl_int(memfd, addSeals, sealSeal | sealShrink | sealGrow | sealWrite) }
        } catch {
            SystemCall.closeIgnoringErrors(memfd)
            throw error
        }
        return SealedExecutable(fd: memfd)
    }

    func close() { SystemCall.closeIgnoringErrors(fd) }
}
