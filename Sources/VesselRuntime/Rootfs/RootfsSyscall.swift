#if canImport(Glibc)
import Glibc
#endif
internal import CVesselSys

/// Thin syscall wrappers for the rootfs code: retry on EINTR, close-on-exec, errno returned not thrown,
/// so callers build errors that name the container path. Kernel ABI constants glibc hides without _GNU_SOURCE.
enum RootfsSyscall {
    static let openPath: Int32 = 0o10000000  // O_PATH
    static let atEmptyPath: Int32 = 0x1000  // AT_EMPTY_PATH
    static let resolveNoXdev: UInt64 = 0x01
    static let resolveNoMagiclinks: UInt64 = 0x02
    static let resolveNoSymlinks: UInt64 = 0x04
    static let resolveInRoot: UInt64 = 0x10
    static let mountNoSymfollow: UInt = 256  // MS_NOSYMFOLLOW (Linux 5.10)
    // statvfs f_flag bits (ST_*)
    static let statReadOnly: UInt = 1
    static let statNoSuid: UInt = 2
    static let statNoDev: UInt = 4
    static let statNoExec: UInt = 8
    static let statNoAtime: UInt = 1024
    static let statNoDiratime: UInt = 2048
    static let statRelatime: UInt = 4096

    /// Result is 0 on success, else the errno.
    static func retrying(_ body: () -> Int32) -> Int32 {
        while true {
            if body() >= 0 { return 0 }
            let code = errno
            if code != EINTR { return code }
        }
    }

    /// Returns the fd, or throws-free failure as (-1, errno).
    static func retryingFD(_ body: () -> Int32) -> (fd: Int32, errno: Int32) {
        while true {
            let fd = body()
            if fd >= 0 { return (fd, 0) }
            let code = errno
            if code != EINTR { return (-1, code) }
        }
    }

    static func mount(_ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String?) -> Int32 {
        retrying {
            withOptionalCString(source) { sourcePointer in
                withOptionalCString(type) { typePointer in
                    withOptionalCString(data) { dataPointer in
                        Glibc.mount(sourcePointer, target, typePointer, flags, dataPointer.map { UnsafeRawPointer($0) })
                    }
                }
            }
        }
    }

    static func openat2(_ directory: Int32, _ path: String, flags: Int32, resolve: UInt64) -> (fd: Int32, errno: Int32) {
        retryingFD {
            Int32(truncatingIfNeeded: vessel_openat2(directory, path, UInt64(UInt32(bitPattern: flags | O_CLOEXEC)), 0, resolve))
        }
    }

    static func openat(_ directory: Int32, _ path: String, flags: Int32, mode: UInt32 = 0) -> (fd: Int32, errno: Int32) {
        retryingFD { vessel_openat(directory, path, flags | O_CLOEXEC, mode) }
    }

    /// unshare(2), for callers (and tests) that cannot see the _GNU_SOURCE declarations. Returns 0 or errno.
    static func unshare(_ flags: Int32) -> Int32 {
        retrying { CVesselSys.unshare(flags) }
    }

    static let cloneNewMount = Int32(CLONE_NEWNS)
    static let cloneNewNetwork = Int32(CLONE_NEWNET)
    static let cloneNewCgroup = Int32(CLONE_NEWCGROUP)

    static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }

    /// `/proc/self/fd/N`: mount(2) follows this to exactly the inode the fd resolved, closing TOCTOU races.
    static func procPath(_ fd: Int32) -> String {
        "/proc/self/fd/\(fd)"
    }

    static func fileType(_ fd: Int32) -> (mode: UInt32, errno: Int32) {
        var info = stat()
        let result = retrying { fstatat(fd, "", &info, atEmptyPath) }
        return (result == 0 ? info.st_mode & S_IFMT : 0, result)
    }

    static func makeDevice(major: UInt64, minor: UInt64) -> dev_t {
        let high = (major & 0xFFFF_F000) << 32 | (major & 0xFFF) << 8
        let low = (minor & 0xFFFF_FF00) << 12 | (minor & 0xFF)
        return dev_t(high | low)
    }
}
