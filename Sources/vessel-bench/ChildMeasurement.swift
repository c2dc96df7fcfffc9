#if canImport(Glibc)
import Glibc
#endif

/// One child process run to completion, with the kernel's own accounting of its CPU time and peak RSS.
struct ChildMeasurement {
    let exitStatus: Int32
    let cpuMilliseconds: Double
    let wallMilliseconds: Double
    let peakRSSKiB: Int

    /// Runs `arguments` with stdout sent to /dev/null and stderr to `stderrPath`, and waits with wait4 for its rusage.
    static func run(_ arguments: [String], stderrPath: String = "/dev/null") throws -> ChildMeasurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
        let wall = Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildMeasurement(exitStatus: exitStatus, cpuMilliseconds: cpu, wallMilliseconds: wall, peakRSSKiB: usage.ru_maxrss)
    }
}
