#if canImport(Glibc)
import Glibc
#endif
import VesselOCISpec

extension RootfsSetup {
    /// Writes `linux.sysctl` to the container's /proc/sys after checking each key belongs to a namespace
    /// the container owns (runc's rule), so no container can change a host-wide setting.
    static func writeSysctls(spec: Spec) throws(RootfsError) {
        guard let sysctl = spec.linux?.sysctl, !sysctl.isEmpty else { return }
        let namespaces = Set(spec.linux?.namespaces?.map(\.type) ?? [])
        for key in sysctl.keys.sorted() {
            if let problem = Spec.sysctlProblem(key: key, namespaces: namespaces, hostname: spec.hostname) {
                throw RootfsError.sysctlFailed(key: key, reason: problem)
            }
            guard let value = sysctl[key] else { continue }
            try writeSysctl(key: key, value: value)
        }
    }

    /// `/proc/sys/` + the key with dots as slashes (a key already containing `/` is taken as a path).
    static func sysctlPath(_ key: String) -> String {
        let relative = key.contains("/") ? key : String(key.map { $0 == "." ? "/" : $0 })
        return "/proc/sys/" + RootfsPathResolver.components(relative).joined(separator: "/")
    }

    static func writeSysctl(key: String, value: String) throws(RootfsError) {
        let path = sysctlPath(key)
        let opened = RootfsSyscall.openat(AT_FDCWD, path, flags: O_WRONLY | O_TRUNC | O_NOFOLLOW)
        guard opened.fd >= 0 else {
            throw RootfsError.sysctlFailed(key: key, reason: "open \(path): \(RootfsError.errnoText(opened.errno))")
        }
        defer { close(opened.fd) }
        let bytes = Array(value.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(opened.fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RootfsError.sysctlFailed(key: key, reason: "write \(path): \(RootfsError.errnoText(errno))")
            }
            written += count
        }
    }
}
