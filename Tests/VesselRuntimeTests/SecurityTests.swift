import Foundation
import Glibc
import Testing
import VesselOCISpec

/// Attacks of the runc CVE classes, run against the built binary in real containers.
/// How each was checked to fail without its protection is noted per test (the disabled code was never committed).
@Suite(.serialized)
struct SecurityTests {
    private static func binaryBytes(_ runtime: RuntimeHarness) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: runtime.binary))
    }

    /// How the init's binary is sealed: the default overlayfs view, or the memfd copy forced by the environment.
    enum Seal: String, CaseIterable, Sendable {
        case overlay
        case memfd

        func configure(_ runtime: inout RuntimeHarness) {
            if self == .memfd { runtime.environment = ["VESSEL_RUNTIME_SEALED_COPY=memfd"] }
        }

        /// What /proc/<init>/exe must read: the overlay shows the binary at its own root (where the kernel has
        /// overlayfs; otherwise the runtime falls back to the copy), the copy is a memfd.
        func expectedExe(binary: String) -> String {
            let overlayAvailable = ((try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? "").contains("\toverlay\n")
            if self == .overlay && overlayAvailable { return "/" + (binary.split(separator: "/").last.map(String.init) ?? "") }
            return "/memfd:vessel-runtime"
        }
    }

    // CVE-2019-5736: a container-controlled `#!/proc/self/exe` script makes the runtime's own init re-execute its
    // binary inside the container (argv "init", sync fd = a pipe that never delivers, so it blocks there). The
    // container's pid 1 finds it in /proc, holds its exe open read-only, kills it, and reopens that fd for
    // writing until the runtime's `exec` process has exited, as the published exploit does.
    // Checked: with ProcessLauncher exec'ing an fd of /proc/self/exe instead of the sealed memfd, the report
    // showed the host path and "reopen-write-ok", and the (copied, via VESSEL_RUNTIME_BINARY) binary changed.
    @Test(arguments: Seal.allCases)
    func reexecutedRuntimeBinaryCannotBeOverwrittenFromTheContainer(seal: Seal) throws {
        guard var runtime = TestEnvironment.harness() else { return }
        seal.configure(&runtime)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd") else {
            print("SKIP \(#function): /usr/bin/ldd is missing, so the runtime's libraries cannot be put in the image")
            return
        }
        defer { runtime.cleanup() }
        let attacker = """
        attack() {
          echo pwned >> /proc/$p/exe && echo direct-write-ok
          kill -9 $p
          i=0
          while [ $i -lt 50 ]; do
            if echo pwned >> /proc/self/fd/8; then echo reopen-write-ok; break; fi
            sleep 0.1; i=$((i+1))
          done
        }
        while :; do
          for d in /proc/[0-9]*; do
            e=$(readlink $d/exe 2>/dev/null)
            case "$e" in ""|/bin/busybox) continue;; esac
            p=${d#/proc/}
            echo "exe=$e" > /tmp/report
            { attack; } 8< $d/exe >> /tmp/report 2>&1 || echo open-read-failed >> /tmp/report
            echo done >> /tmp/report
            exec sleep 60
          done
          sleep 0.1
        done
        """
        let bundle = try BusyboxBundle(arguments: ["sh", "-c", attacker])
        defer { bundle.remove() }
        try "#!/proc/self/exe init\n".write(toFile: bundle.rootfs + "/evil", atomically: false, encoding: .utf8)
        chmod(bundle.rootfs + "/evil", 0o755)
        // Without its loader and libraries in the image, the re-exec fails with ENOENT and the test would prove nothing.
        try SecurityRootfs.copySharedLibraries(of: runtime.binary, into: bundle.rootfs)
        let id = TestEnvironment.uniqueID("cve5736")
        let before = try Self.binaryBytes(runtime)
        let started = try runtime.run(["run", "--detach", "--bundle", bundle.path, id])
        try #require(started.status == 0, "\(started.stderr)")

        let silent = try SecuritySpawn.pipe()
        defer { close(silent.read); close(silent.write) }
        let exec = try SecuritySpawn.run(runtime, ["exec", "--preserve-fds", "1", "--env", "_VESSEL_INIT_SYNC_FD=3", id, "/evil"],
                                         fd3: silent.read, timeout: 30)
        let report = SecuritySpawn.waitForFile(bundle.rootfs + "/tmp/report", containing: "done", seconds: 20)
        print("CVE-2019-5736 attacker report: \(report.split(separator: "\n").joined(separator: " | "))")
        #expect(report.contains("done"), "attacker did not finish: \(report) exec: \(exec.status) \(exec.stderr)")
        let exeLine = report.split(separator: "\n").first { $0.hasPrefix("exe=") }.map(String.init) ?? ""
        #expect(exeLine.hasPrefix("exe=" + seal.expectedExe(binary: runtime.binary)), "the re-executed runtime is not sealed: \(exeLine)")
        #expect(!exeLine.contains(runtime.binary))
        #expect(!report.contains("write-ok"), "\(report)")
        #expect(try Self.binaryBytes(runtime) == before, "the host's vessel-runtime binary changed")
    }

    // The created container's pid 1 is the runtime (waiting on the exec fifo): from an exec'd shell its exe is the
    // sealed view or copy, and writing to it fails. Checked: with the memfd replaced by /proc/self/exe, readlink
    // showed the host binary path.
    @Test(arguments: Seal.allCases)
    func createdInitExeIsSealed(seal: Seal) throws {
        guard var runtime = TestEnvironment.harness() else { return }
        seal.configure(&runtime)
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["true"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("initexe")
        let before = try Self.binaryBytes(runtime)
        let created = try runtime.run(["create", "--bundle", bundle.path, id])
        try #require(created.status == 0, "\(created.stderr)")
        let probe = try runtime.run(["exec", id, "sh", "-c",
                                     "readlink /proc/1/exe; echo pwned >> /proc/1/exe && echo write-ok; echo pwned > /proc/1/exe && echo truncate-ok; true"])
        #expect(probe.status == 0, "\(probe.stderr)")
        let lines = probe.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix(seal.expectedExe(binary: runtime.binary)) == true, "pid 1 exe: \(probe.stdout)")
        #expect(!probe.stdout.contains("write-ok") && !probe.stdout.contains("truncate-ok"), "\(probe.stdout)")
        #expect(try runtime.run(["delete", "--force", id]).status == 0)
        #expect(try Self.binaryBytes(runtime) == before, "the host's vessel-runtime binary changed")
    }

    /// The container may fail with an error naming the cwd, or run inside its root; never in a host directory.
    private static func expectCwdStaysInside(_ result: RuntimeHarness.Result, cwd: String, bundle: BusyboxBundle,
                                             runtime: RuntimeHarness) {
        if result.status != 0 {
            #expect(result.stderr.contains(cwd), "cwd \(cwd): unclear error \(result.stderr)")
            return
        }
        let text = result.stdout
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("/") == true, "cwd \(cwd): \(text)")
        for hostPath in [bundle.path, runtime.root, "/run/vessel-runtime", "(unreachable)"] {
            #expect(!text.contains(hostPath), "cwd \(cwd) reached the host: \(text)")
        }
        #expect(!lines.contains("host-marker") && !lines.contains("config.json"), "cwd \(cwd) lists a host directory: \(text)")
    }

    // CVE-2024-21626: process.cwd through a descriptor open in the init when it changes directory. runc's leak
    // was its own cgroup directory fd; here the runtime's caller leaks a host directory (the bundle) at fds 3-10,
    // which the init still holds at chdir time (they are only marked close-on-exec afterwards).
    // The init refuses such a cwd because glibc's getcwd fails (ENOENT) for a directory outside the root.
    // Checked: with ContainerInit.changeDirectory returning right after chdir, every fd 3-10 listed the bundle
    // (config.json, host-marker) with its host path, for both run and exec: 16 failures.
    @Test func cwdThroughProcSelfFdStaysInsideTheRoot() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let command = ["sh", "-c", "readlink /proc/self/cwd; ls -a; ls -a .."]
        var bundle = try BusyboxBundle(arguments: command)
        defer { bundle.remove() }
        try "".write(toFile: bundle.path + "/host-marker", atomically: false, encoding: .utf8)
        let hostDirectory = open(bundle.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(hostDirectory >= 0)
        defer { close(hostDirectory) }
        var leaked: [Int32: Int32] = [:]
        for fd in Int32(3)...10 { leaked[fd] = hostDirectory }
        for fd in 3...10 {
            let cwd = "/proc/self/fd/\(fd)"
            bundle.spec.process?.cwd = cwd
            try bundle.save()
            let result = try SecuritySpawn.run(runtime, ["run", "--bundle", bundle.path, TestEnvironment.uniqueID("cwd\(fd)")],
                                               descriptors: leaked)
            Self.expectCwdStaysInside(result, cwd: cwd, bundle: bundle, runtime: runtime)
        }

        bundle.spec.process?.cwd = "/"
        bundle.spec.process?.args = ["sleep", "60"]
        try bundle.save()
        let id = TestEnvironment.uniqueID("execcwd")
        try #require(try runtime.run(["run", "--detach", "--bundle", bundle.path, id]).status == 0)
        for fd in 3...10 {
            let cwd = "/proc/self/fd/\(fd)"
            let result = try SecuritySpawn.run(runtime, ["exec", "--cwd", cwd, id] + command, descriptors: leaked)
            Self.expectCwdStaysInside(result, cwd: cwd, bundle: bundle, runtime: runtime)
        }
        #expect(try runtime.run(["delete", "--force", id]).status == 0)
    }

    // Mount destinations under rootfs symlinks that point at the host's /etc (absolute and by climbing).
    // Checked: with RootfsPathResolver.resolve/ensure replaced by plain rootfs+destination paths, the host got
    // /etc/<name>-tmpfs and /etc/<name>-bind.
    @Test func mountTargetSymlinksCannotEscapeTheRootfs() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let name = "vessel-test-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        let hostTargets = ["/etc/\(name)-tmpfs", "/etc/\(name)-bind"]
        defer { for target in hostTargets { umount2(target, Int32(MNT_DETACH)); rmdir(target) } }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "ls /etc/\(name)-bind; grep -c \(name) /proc/self/mountinfo"])
        defer { bundle.remove() }
        try FileManager.default.createSymbolicLink(atPath: bundle.rootfs + "/escape-abs", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: bundle.rootfs + "/escape-rel", withDestinationPath: "../../../../../../../../etc")
        let source = bundle.path + "/bind-source"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try "".write(toFile: source + "/bind-marker", atomically: false, encoding: .utf8)
        bundle.spec.mounts = (bundle.spec.mounts ?? []) + [
            Mount(destination: "/escape-abs/\(name)-tmpfs", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev"]),
            Mount(destination: "/escape-rel/\(name)-bind", type: "bind", source: source, options: ["rbind", "ro"]),
        ]
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("mntesc")])
        for target in hostTargets {
            #expect(!FileManager.default.fileExists(atPath: target), "\(target) appeared on the host")
        }
        let hostMounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(!hostMounts.contains(name))
        if result.status == 0 {
            // Both mounts landed inside the rootfs's own /etc.
            #expect(result.stdout == "bind-marker\n2\n", "\(result.stdout) \(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: bundle.rootfs + "/etc/\(name)-tmpfs"))
            #expect(FileManager.default.fileExists(atPath: bundle.rootfs + "/etc/\(name)-bind"))
        } else {
            #expect(result.stderr.contains(name), "refused without naming the mount: \(result.stderr)")
        }
    }

    // Checked: with FileDescriptors.markCloseOnExec skipped, the init and exec'd processes showed fds 8-20 and 251
    // (the test runner's, inherited through the runtime) and the test failed on all four listings.
    @Test func onlyStdioAndPreservedDescriptorsReachContainerProcesses() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let listing = "exec > /tmp/fds; ls -l /proc/$$/fd"
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", listing])
        defer { bundle.remove() }

        // create + start: the init's exec'd process.
        let plain = TestEnvironment.uniqueID("fdinit")
        try #require(try runtime.run(["create", "--bundle", bundle.path, plain]).status == 0)
        #expect(try runtime.run(["start", plain]).status == 0)
        #expect(try runtime.waitForStatus(plain, "stopped"))
        let initFDs = (try? String(contentsOfFile: bundle.rootfs + "/tmp/fds", encoding: .utf8)) ?? ""
        #expect(SecuritySpawn.descriptors(inLongListing: initFDs) == ["0", "1", "2"], "\(initFDs)")
        #expect(try runtime.run(["delete", plain]).status == 0)

        // create --preserve-fds 1: exactly fd 3 more, and it is the pipe we passed.
        let pipe = try SecuritySpawn.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let preserved = TestEnvironment.uniqueID("fdkeep")
        let created = try SecuritySpawn.run(runtime, ["create", "--preserve-fds", "1", "--bundle", bundle.path, preserved], fd3: pipe.read)
        try #require(created.status == 0, "\(created.stderr)")
        #expect(try runtime.run(["start", preserved]).status == 0)
        #expect(try runtime.waitForStatus(preserved, "stopped"))
        let keptFDs = (try? String(contentsOfFile: bundle.rootfs + "/tmp/fds", encoding: .utf8)) ?? ""
        #expect(SecuritySpawn.descriptors(inLongListing: keptFDs) == ["0", "1", "2", "3"], "\(keptFDs)")
        #expect(keptFDs.contains("3 -> pipe:["), "\(keptFDs)")
        #expect(try runtime.run(["delete", preserved]).status == 0)

        // exec, with and without a preserved descriptor.
        bundle.spec.process?.args = ["sleep", "60"]
        try bundle.save()
        let running = TestEnvironment.uniqueID("fdexec")
        try #require(try runtime.run(["run", "--detach", "--bundle", bundle.path, running]).status == 0)
        let exec = try runtime.run(["exec", running, "sh", "-c", "ls -l /proc/$$/fd"])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(SecuritySpawn.descriptors(inLongListing: exec.stdout) == ["0", "1", "2"], "\(exec.stdout)")
        let execKept = try SecuritySpawn.run(runtime, ["exec", "--preserve-fds", "1", running, "sh", "-c", "ls -l /proc/$$/fd"], fd3: pipe.read)
        #expect(execKept.status == 0, "\(execKept.stderr)")
        #expect(SecuritySpawn.descriptors(inLongListing: execKept.stdout) == ["0", "1", "2", "3"], "\(execKept.stdout)")
        #expect(execKept.stdout.contains("3 -> pipe:["), "\(execKept.stdout)")
        #expect(try runtime.run(["delete", "--force", running]).status == 0)
    }
}
