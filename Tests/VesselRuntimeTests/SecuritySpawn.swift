import CVesselSys
import Foundation
import Glibc

/// Runs the runtime binary with extra descriptors at chosen numbers: for `--preserve-fds`, for handing an exec'd
/// process a pipe that never delivers data, and for a caller that leaks a host directory into the runtime.
enum SecuritySpawn {
    static func run(_ runtime: RuntimeHarness, _ arguments: [String], fd3: Int32, timeout: Double = 30) throws -> RuntimeHarness.Result {
        try run(runtime, arguments, descriptors: [3: fd3], timeout: timeout)
    }

    /// `descriptors` maps the child's fd number to this process's fd.
    static func run(_ runtime: RuntimeHarness, _ arguments: [String], descriptors: [Int32: Int32],
                    timeout: Double = 30) throws -> RuntimeHarness.Result {
        // Park the sources above every target first, so no dup2 lands on a source still to be copied.
        var parked: [Int32: Int32] = [:]
        defer { parked.values.forEach { _ = close($0) } }
        for (target, source) in descriptors {
            let copy = vessel_fcntl_int(source, F_DUPFD_CLOEXEC, 200)
            guard copy >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            parked[target] = copy
        }
        let directory = TemporaryDirectory.make(prefix: "vr-sec-out")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outputFile = directory + "/out", errorFile = directory + "/err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // dup2 clears close-on-exec on the copy, so only the targets cross the exec.
        for (target, source) in parked { posix_spawn_file_actions_adddup2(&actions, source, target) }
        let words = [runtime.binary, "--root", runtime.root, "--log", runtime.logPath, "--log-format", "json"] + arguments
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = RuntimeHarness.environmentBlock(runtime.environment)
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, runtime.binary, &actions, nil, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) != pid {
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        let code: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return RuntimeHarness.Result(status: code,
                                     stdout: (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "",
                                     stderr: (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
    }

    /// A pipe whose read end is close-on-exec in this process; the caller closes both ends.
    static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard vessel_pipe2(&fds, O_CLOEXEC) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return (fds[0], fds[1])
    }

    /// Waits until `path` contains `marker` (or the time is up) and returns its text.
    static func waitForFile(_ path: String, containing marker: String, seconds: Double) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if text.contains(marker) { return text }
            usleep(50_000)
        }
        return text
    }

    /// The fd numbers in an `ls -l /proc/N/fd` listing.
    static func descriptors(inLongListing text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("l") }.compactMap { line -> String? in
            let tokens = line.split(separator: " ")
            guard let arrow = tokens.firstIndex(of: "->"), arrow > 0 else { return nil }
            return String(tokens[arrow - 1])
        }
    }
}
