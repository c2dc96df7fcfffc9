import Foundation
import Glibc
import Testing

/// Drives vessel-runtime through Debian's containerd and its runc.v2 shim, on a private socket and root.
@Suite(.serialized)
struct ContainerdTests {
    final class PrivateContainerd {
        let directory: String
        let pid: pid_t
        var socket: String { directory + "/containerd.sock" }

        init?(binary: String) throws {
            directory = TemporaryDirectory.make(prefix: "vr-containerd")
            chmod(directory, 0o755)
            let config = """
            version = 2
            root = "\(directory)/root"
            state = "\(directory)/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "\(directory)/containerd.sock"
            [ttrpc]
              address = "\(directory)/containerd.sock.ttrpc"
            [debug]
              address = "\(directory)/debug.sock"
            """
            try config.write(toFile: directory + "/config.toml", atomically: true, encoding: .utf8)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, directory + "/containerd.log", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let words = [binary, "--config", directory + "/config.toml"]
            let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var child: pid_t = 0
            guard posix_spawn(&child, binary, &actions, nil, argv, environ) == 0 else { return nil }
            pid = child
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(50_000) }
        }

        func stop() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(50_000) }
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, WNOHANG)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func ctrRunExecAndKillThroughTheShim() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let containerd = "/usr/bin/containerd", ctr = "/usr/bin/ctr"
        guard FileManager.default.isExecutableFile(atPath: containerd), FileManager.default.isExecutableFile(atPath: ctr),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/containerd-shim-runc-v2") else {
            print("SKIP ctrRunExecAndKillThroughTheShim: containerd, ctr or containerd-shim-runc-v2 missing (apt-get install containerd)")
            return
        }
        let bundle = try BusyboxBundle(arguments: ["true"])
        defer { bundle.remove() }
        guard let daemon = try PrivateContainerd(binary: containerd) else {
            Issue.record("containerd did not start")
            return
        }
        defer { daemon.stop() }
        try #require(FileManager.default.fileExists(atPath: daemon.socket), "containerd socket missing")
        func ctrCommand(_ arguments: [String], timeout: Double = 60) throws -> RuntimeHarness.Result {
            try RuntimeHarness.execute(ctr, ["--address", daemon.socket] + arguments, timeout: timeout)
        }
        let base = TestEnvironment.uniqueID("ctr").replacingOccurrences(of: "-", with: "")

        let ok = try ctrCommand(["run", "--rm", "--runc-binary", runtime.binary, "--rootfs", bundle.rootfs, base + "a",
                                 "sh", "-c", "echo hello-from-ctr; hostname"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("hello-from-ctr\n"))
        let failing = try ctrCommand(["run", "--rm", "--runc-binary", runtime.binary, "--rootfs", bundle.rootfs, base + "b",
                                      "sh", "-c", "exit 3"])
        #expect(failing.status == 3, "\(failing.stderr)")

        let id = base + "c"
        let detached = try ctrCommand(["run", "-d", "--runc-binary", runtime.binary, "--rootfs", bundle.rootfs, id, "sleep", "60"])
        #expect(detached.status == 0, "\(detached.stderr)")
        let exec = try ctrCommand(["task", "exec", "--exec-id", "e1", id, "sh", "-c", "echo exec-out; exit 5"])
        #expect(exec.status == 5, "\(exec.stderr)")
        #expect(exec.stdout == "exec-out\n")
        let listing = try ctrCommand(["task", "ls"])
        #expect(listing.stdout.contains(id) && listing.stdout.contains("RUNNING"))
        #expect(try ctrCommand(["task", "kill", "-s", "SIGKILL", id]).status == 0)
        var stopped = false
        for _ in 0..<100 where !stopped {
            usleep(50_000)
            stopped = try ctrCommand(["task", "ls"]).stdout.split(separator: "\n").contains { $0.contains(id) && $0.contains("STOPPED") }
        }
        #expect(stopped)
        #expect(try ctrCommand(["task", "rm", id]).status == 0)
        #expect(try ctrCommand(["container", "rm", id]).status == 0)
        let missing = try ctrCommand(["run", "--rm", "--runc-binary", runtime.binary, "--rootfs", bundle.rootfs, base + "d", "/no/such"])
        #expect(missing.status != 0 && missing.stderr.contains("/no/such"), "\(missing.stderr)")
    }
}
