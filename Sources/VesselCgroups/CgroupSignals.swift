import Glibc

/// Signalling helpers shared by both managers.
enum CgroupSignals {
    static let kill = SIGKILL

    /// Freeze (if possible), signal every pid, thaw. ESRCH (already gone) is fine.
    static func signalAll(_ manager: some CgroupManager, signal: Int32, canFreeze: Bool) throws(CgroupError) {
        var frozen = false
        if canFreeze {
            do {
                try manager.freeze(timeoutMilliseconds: 2000)
                frozen = true
            } catch {
                frozen = false
            }
        }
        defer { if frozen { try? manager.thaw() } }
        for pid in try manager.processes() {
            if Glibc.kill(pid, signal) != 0 && errno != ESRCH {
                throw .signalFailed(pid: pid, errno: errno)
            }
        }
    }
}
