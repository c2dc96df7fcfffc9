internal import CVesselSys
import Glibc

/// Runs OCI hooks: the container state JSON on stdin, the hook's own env only, a kill on timeout.
/// Uses posix_spawn and waitpid only, so it is safe inside the container init before exec.
public enum HookRunner {
    public static func run(_ hooks: [HookCommand], kind: String, stateJSON: [UInt8]) throws {
        for hook in hooks {
            try run(hook, kind: kind, stateJSON: stateJSON)
        }
    }

    public static func run(_ hook: HookCommand, kind: String, stateJSON: [UInt8]) throws {
        var pipeFDs: [Int32] = [-1, -1]
        try SystemCall.check("pipe2") { vessel_pipe2(&pipeFDs, O_CLOEXEC) }
        defer {
            SystemCall.closeIgnoringErrors(pipeFDs[0])
            SystemCall.closeIgnoringErrors(pipeFDs[1])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The caller may block signals (run forwards them); the hook must start with a clean mask.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = hook.args.isEmpty ? [hook.path] : hook.args
        var pid: pid_t = 0
        let spawnResult = withCStringArray(arguments) { argv in
            withCStringArray(hook.env) { envp in
                posix_spawn(&pid, hook.path, &actions, &attributes, argv, envp)
            }
        }
        guard spawnResult == 0 else {
            throw RuntimeError.hookFailed(kind: kind, path: hook.path, reason: String(cString: strerror(spawnResult)))
        }
        SystemCall.closeIgnoringErrors(pipeFDs[0])
        pipeFDs[0] = -1
        // A hook that does not read stdin must not fail the write: ignore EPIPE.
        _ = try? SystemCall.writeAll(pipeFDs[1], stateJSON)
        SystemCall.closeIgnoringErrors(pipeFDs[1])
        pipeFDs[1] = -1

        let status = try waitWithTimeout(pid: pid, seconds: hook.timeout, kind: kind, path: hook.path)
        if status != 0 {
            throw RuntimeError.hookFailed(kind: kind, path: hook.path, reason: ExitStatus.describe(status))
        }
    }

    private static func waitWithTimeout(pid: pid_t, seconds: Int?, kind: String, path: String) throws -> Int32 {
        var monotonic = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        let deadline = seconds.map { Double(monotonic.tv_sec) + Double(monotonic.tv_nsec) / 1e9 + Double($0) }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
            if result == pid { return status }
            if result < 0 {
                if errno == EINTR { continue }
                throw SystemCall.errnoError("waitpid", "hook \(path)")
            }
            clock_gettime(CLOCK_MONOTONIC, &monotonic)
            if let deadline, Double(monotonic.tv_sec) + Double(monotonic.tv_nsec) / 1e9 > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw RuntimeError.hookFailed(kind: kind, path: path, reason: "timed out after \(seconds ?? 0)s")
            }
            usleep(5_000)
        }
    }
}
