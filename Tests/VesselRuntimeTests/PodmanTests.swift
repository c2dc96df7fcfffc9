import Foundation
import Glibc
import Testing

/// Drives vessel-runtime through Debian's podman (`--runtime`), with podman's own default seccomp profile,
/// capabilities and conmon, on a private storage root.
@Suite(.serialized)
struct PodmanTests {
    static let podman = "/usr/bin/podman"

    /// Private storage and run roots so the test never touches the machine's podman state.
    struct PrivatePodman {
        let directory: String
        let runtime: String

        func command(_ arguments: [String], timeout: Double = 60) throws -> RuntimeHarness.Result {
            try RuntimeHarness.execute(PodmanTests.podman, [
                "--root", directory + "/root", "--runroot", directory + "/run", "--tmpdir", directory + "/tmp",
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file",
                "--runtime", runtime,
            ] + arguments, timeout: timeout)
        }

        /// This sandbox cannot raise RLIMIT_NOFILE/NPROC to podman's defaults (runc fails the same way),
        /// so containers get limits below the host's hard limits.
        static let runOptions = ["--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]

        func remove() {
            _ = try? command(["rm", "--all", "--force"])
            _ = try? command(["system", "reset", "--force"])
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func podmanRunsExecsStopsAndRemovesContainers() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        guard FileManager.default.isExecutableFile(atPath: Self.podman) else {
            print("SKIP podmanRunsExecsStopsAndRemovesContainers: podman missing (apt-get install podman)")
            return
        }
        let bundle = try BusyboxBundle(arguments: ["true"])
        defer { bundle.remove() }
        let podman = PrivatePodman(directory: TemporaryDirectory.make(prefix: "vr-podman"), runtime: runtime.binary)
        defer { podman.remove() }
        let image = "localhost/vessel-busybox:test"
        let archive = podman.directory + "/rootfs.tar"
        let packed = try RuntimeHarness.execute("/bin/tar", ["-C", bundle.rootfs, "-cf", archive, "."])
        try #require(packed.status == 0, "\(packed.stderr)")
        let imported = try podman.command(["import", archive, image])
        try #require(imported.status == 0, "podman import: \(imported.stderr)")

        let run = try podman.command(["run", "--rm"] + PrivatePodman.runOptions + [image, "sh", "-c", "echo hello-from-podman; exit 7"])
        #expect(run.status == 7, "\(run.stderr)")
        #expect(run.stdout == "hello-from-podman\n", "\(run.stdout)")

        let name = TestEnvironment.uniqueID("pd")
        let detached = try podman.command(["run", "-d", "--name", name] + PrivatePodman.runOptions + [image, "sh", "-c",
                                            "trap 'exit 0' TERM; echo started; while true; do sleep 0.1; done"])
        try #require(detached.status == 0, "\(detached.stderr)")
        let exec = try podman.command(["exec", name, "sh", "-c", "echo exec-in-$(hostname)"])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stdout.hasPrefix("exec-in-"), "\(exec.stdout)")
        let paused = try podman.command(["pause", name])
        #expect(paused.status == 0, "\(paused.stderr)")
        let pausedState = try podman.command(["inspect", "--format", "{{.State.Status}}", name])
        #expect(pausedState.stdout == "paused\n", "\(pausedState.stdout)\(pausedState.stderr)")
        #expect(try podman.command(["unpause", name]).status == 0)
        let logs = try podman.command(["logs", name])
        #expect(logs.stdout.contains("started"), "\(logs.stdout)\(logs.stderr)")
        let stop = try podman.command(["stop", "-t", "5", name])
        #expect(stop.status == 0, "\(stop.stderr)")
        let exitCode = try podman.command(["inspect", "--format", "{{.State.ExitCode}}", name])
        #expect(exitCode.stdout == "0\n", "the TERM trap should exit 0: \(exitCode.stdout)\(exitCode.stderr)")
        let removed = try podman.command(["rm", name])
        #expect(removed.status == 0, "\(removed.stderr)")
        let left = try podman.command(["ps", "-a", "--format", "{{.Names}}"])
        #expect(!left.stdout.contains(name), "\(left.stdout)")
    }
}
