#if canImport(Glibc)
import Glibc
#endif

/// CPU time the whole process (all threads) has used since it started.
enum ProcessCPUTime {
    static func milliseconds() -> String {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        let value = Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1_000_000
        return String((value * 1000).rounded() / 1000)
    }
}
