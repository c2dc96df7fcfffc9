import CVesselSys

/// A forked child that waits on a pipe before doing its work, so the test can move it into a cgroup first.
/// The child runs only async-signal-safe C code (see CVesselSys).
struct GatedChild {
    enum Work {
        case touchMemory(bytes: UInt)
        case countForks(attempts: Int32)
        case open(path: String)
    }

    struct Outcome: Equatable, CustomStringConvertible {
        var exitCode: Int32
        var signal: Int32
        var description: String { signal != 0 ? "killed by signal \(signal)" : "exit \(exitCode)" }
        static func exited(_ code: Int32) -> Outcome { Outcome(exitCode: code, signal: 0) }
        static func killed(_ signal: Int32) -> Outcome { Outcome(exitCode: -1, signal: signal) }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let pid: Int32
    private let gateRead: Int32
    private let gateWrite: Int32

    init(_ work: Work) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw Failure(description: "pipe2 failed") }
        let pid: pid_t
        switch work {
        case .touchMemory(let bytes): pid = vessel_fork_gated_touch_memory(fds[0], bytes)
        case .countForks(let attempts): pid = vessel_fork_gated_count_forks(fds[0], attempts)
        case .open(let path): pid = vessel_fork_gated_open(fds[0], path)
        }
        guard pid > 0 else {
            close(fds[0])
            close(fds[1])
            throw Failure(description: "fork failed")
        }
        self.pid = pid
        gateRead = fds[0]
        gateWrite = fds[1]
    }

    func release() {
        var byte: UInt8 = 1
        _ = write(gateWrite, &byte, 1)
    }

    /// Reaps the child and closes the gate.
    func wait() throws -> Outcome {
        defer {
            close(gateRead)
            close(gateWrite)
        }
        var exitCode: Int32 = 0
        var signal: Int32 = 0
        guard vessel_wait_child(pid, &exitCode, &signal) == 0 else { throw Failure(description: "waitpid failed") }
        return Outcome(exitCode: exitCode, signal: signal)
    }

    func kill() {
        _ = CVesselSys.kill(pid, SIGKILL)
    }

    /// The state letter from /proc/<pid>/stat (R, S, D, T, Z...), nil if the process is gone.
    func state() -> Character? {
        let descriptor = vessel_open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC, 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].first { $0 != " " }
    }
}
