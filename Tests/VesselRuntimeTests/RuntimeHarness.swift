import Foundation
import Glibc
import VesselOCISpec

/// Runs the built `vessel-runtime` binary against a private state root, as containerd would.
struct RuntimeHarness {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let binary: String
    let root: String
    let logPath: String
    /// `NAME=value` entries added to this process's environment for every runtime command.
    var environment: [String] = []

    /// The binary next to the test bundle, or $VESSEL_RUNTIME_BINARY. Nil (with the reason) when unusable.
    static func make() -> (RuntimeHarness?, String) {
        guard getuid() == 0 else { return (nil, "needs root") }
        var binary = ProcessInfo.processInfo.environment["VESSEL_RUNTIME_BINARY"] ?? ""
        if binary.isEmpty {
            let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
            var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
            // The test executable lives inside a .xctest bundle directory on some layouts.
            for _ in 0..<3 where !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("vessel-runtime").path) {
                directory = directory.deletingLastPathComponent()
            }
            binary = directory.appendingPathComponent("vessel-runtime").path
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else { return (nil, "vessel-runtime binary not found at \(binary)") }
        let root = TemporaryDirectory.make(prefix: "vr-root")
        return (RuntimeHarness(binary: binary, root: root, logPath: root + "/runtime.log"), "")
    }

    /// Runs one command; `timeout` bounds it so a hang fails the test instead of the suite.
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 30, stdin: String? = nil) throws -> Result {
        try Self.execute(binary, ["--root", root, "--log", logPath, "--log-format", "json"] + arguments, timeout: timeout,
                         stdin: stdin, environment: environment)
    }

    /// This process's environment plus `extra`, as a NULL-terminated C array the caller frees.
    static func environmentBlock(_ extra: [String]) -> [UnsafeMutablePointer<CChar>?] {
        var entries: [UnsafeMutablePointer<CChar>?] = []
        var index = 0
        while let entry = environ[index] {
            entries.append(strdup(entry))
            index += 1
        }
        return entries + extra.map { strdup($0) } + [nil]
    }

    /// posix_spawn + waitpid: Foundation's Process misses exits of children whose own children outlive them.
    static func execute(_ path: String, _ arguments: [String], timeout: Double = 30, stdin: String? = nil,
                        environment: [String] = []) throws -> Result {
        let directory = TemporaryDirectory.make(prefix: "vr-out")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outputFile = directory + "/out", errorFile = directory + "/err", inputFile = directory + "/in"
        try (stdin ?? "").write(toFile: inputFile, atomically: false, encoding: .utf8)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin == nil ? "/dev/null" : inputFile, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environmentBlock(environment)
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        let code: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code,
                      stdout: (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
    }

    func state(_ id: String) throws -> [String: Any]? {
        let result = try run(["state", id])
        guard result.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    func status(_ id: String) throws -> String? {
        try state(id)?["status"] as? String
    }

    /// Polls until the container reaches `status` (or the time is up).
    func waitForStatus(_ id: String, _ status: String, seconds: Double = 10) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try self.status(id) == status { return true }
            usleep(20_000)
        }
        return false
    }

    func cleanup() {
        for id in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where id != "runtime.log" {
            _ = try? run(["delete", "--force", id])
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}
