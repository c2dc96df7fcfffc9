import Foundation
import Testing

/// `vessel run` and the container commands against a real runtime, overlayfs and cgroups.
@Suite(.serialized) struct RunCommandTests {
    @Test func echoPrintsTheTokenAndExitCodesPassThrough() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let echo = try cli.runContainer(["--rm", "vessel.test/busybox", "echo", "TOKEN-7f3a"])
        #expect(echo.status == 0, "\(echo.stderr)")
        #expect(echo.stdout == "TOKEN-7f3a\n")
        let exit3 = try cli.runContainer(["--rm", "vessel.test/busybox", "sh", "-c", "exit 3"])
        #expect(exit3.status == 3)
        let failed = try cli.runContainer(["--rm", "vessel.test/busybox", "sh", "-c", "echo to-stderr >&2; exit 42"])
        #expect(failed.status == 42 && failed.stderr == "to-stderr\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.root + "/containers").filter { !$0.hasPrefix(".") }.isEmpty)
    }

    @Test func aTerminalIsAllocatedWithDashT() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let result = try cli.runContainer(["--rm", "-t", "vessel.test/busybox", "sh", "-c", "tty; test -t 1 && echo is-a-tty; exit 6"])
        #expect(result.status == 6, "\(result.stderr)")
        #expect(result.stdout.contains("/dev/pts/0") && result.stdout.contains("is-a-tty"), "\(result.stdout)")
    }

    @Test func envWorkdirAndUserComeFromTheImageAndFromFlags() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let busybox = try TestLayout.busyboxLayer(scratch: cli.scratch) else { return TestSupport.skip("cannot build busybox") }
        let layout = try TestLayout(directory: cli.scratch + "/configured")
        try layout.writeImage(name: "vessel.test/configured:1", layers: [busybox],
                              config: #"{"Env":["PATH=/bin","GREETING=from-image","KEEP=kept"],"WorkingDir":"/srv/app","User":"nobody","Entrypoint":["sh","-c"],"Cmd":["echo default-cmd"]}"#)
        #expect(try cli.run(["image", "load", layout.directory]).status == 0)
        let script = #"echo "$GREETING $KEEP $(pwd) $(id -u):$(id -g)""#
        let fromImage = try cli.runContainer(["--rm", "vessel.test/configured:1", script])
        #expect(fromImage.stdout == "from-image kept /srv/app 65534:65534\n", "\(fromImage.stderr)")
        let fromFlags = try cli.runContainer(["--rm", "-e", "GREETING=from-flag", "-w", "/tmp", "-u", "1234:4321",
                                              "vessel.test/configured:1", script])
        #expect(fromFlags.stdout == "from-flag kept /tmp 1234:4321\n", "\(fromFlags.stderr)")
        let defaultCommand = try cli.runContainer(["--rm", "vessel.test/configured:1"])
        #expect(defaultCommand.stdout == "default-cmd\n", "\(defaultCommand.stderr)")
        let hostname = try cli.runContainer(["--rm", "--hostname", "box-7", "vessel.test/configured:1", "hostname"])
        #expect(hostname.stdout == "box-7\n")
    }

    @Test func aVolumeIsVisibleAndReadOnlyWhenAsked() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let volume = cli.scratch + "/volume"
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        try TestSupport.write(Array("from the host\n".utf8), to: volume + "/note")
        let readWrite = try cli.runContainer(["--rm", "-v", "\(volume):/mnt/shared", "vessel.test/busybox",
                                              "sh", "-c", "cat /mnt/shared/note && echo written > /mnt/shared/back"])
        #expect(readWrite.status == 0 && readWrite.stdout == "from the host\n", "\(readWrite.stderr)")
        #expect(try String(contentsOfFile: volume + "/back", encoding: .utf8) == "written\n")
        let readOnly = try cli.runContainer(["--rm", "-v", "\(volume):/mnt/shared:ro", "vessel.test/busybox",
                                             "sh", "-c", "echo nope > /mnt/shared/denied"])
        #expect(readOnly.status != 0)
        #expect(!FileManager.default.fileExists(atPath: volume + "/denied"))
    }

    @Test func theMemoryLimitIsEnforced() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        // dd's 64 MiB block is one buffer it fills: within a 16 MiB limit the kernel OOM-kills it.
        let limited = try cli.runContainer(["--rm", "--memory", "16m", "vessel.test/busybox",
                                            "sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo dd=$?"])
        #expect(limited.stdout == "dd=137\n", "\(limited.stderr)")
        let unlimited = try cli.runContainer(["--rm", "vessel.test/busybox",
                                              "sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo dd=$?"])
        #expect(unlimited.stdout == "dd=0\n", "\(unlimited.stderr)")
    }

    @Test func aDetachedContainerListsLogsStopsAndIsRemovedCompletely() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let started = try cli.runContainer(["-d", "--name", "worker", "vessel.test/busybox", "sh", "-c",
                                            "echo started-LOG; trap 'echo got-TERM; exit 7' TERM; while true; do sleep 0.1; done"])
        #expect(started.status == 0, "\(started.stderr)")
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64)
        let paths = (rootfs: cli.root + "/containers/\(id)/bundle/rootfs", upper: cli.root + "/containers/\(id)/upper")
        #expect(TestSupport.mountPoints().contains(paths.rootfs))

        let listing = try cli.run(["ps", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.contains { $0["name"] as? String == "worker" && $0["state"] as? String == "running" }, "\(listing.stdout)")

        var logs = ""
        for _ in 0..<100 where !logs.contains("started-LOG") {
            logs = try cli.run(["logs", "worker"]).stdout
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(logs.contains("started-LOG"))
        let exec = try cli.run(["exec", "worker", "sh", "-c", "echo exec-ok; exit 4"])
        #expect(exec.status == 4 && exec.stdout == "exec-ok\n", "\(exec.stderr)")
        let execTerminal = try cli.run(["exec", "-t", "worker", "sh", "-c", "tty; exit 5"])
        #expect(execTerminal.status == 5 && execTerminal.stdout.contains("/dev/pts/"), "\(execTerminal.stdout) \(execTerminal.stderr)")

        let refused = try cli.run(["rm", "worker"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is running"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)

        let stopped = try cli.run(["stop", "-t", "5", "worker"])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let all = try cli.run(["ps", "-a", "--format", "json"])
        let exited = (try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]] ?? []).first { $0["name"] as? String == "worker" }
        #expect(exited?["state"] as? String == "exited")
        #expect(exited?["exitCode"] as? Int == 7)
        #expect(try cli.run(["logs", "worker"]).stdout.contains("got-TERM"))
        #expect(!TestSupport.mountPoints().contains(paths.rootfs), "a stopped container keeps no overlay mount")

        #expect(try cli.run(["rm", "worker"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: paths.upper))
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/containers/\(id)"))
        #expect(!TestSupport.mountPoints().contains { $0.hasPrefix(cli.root) })
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cli.root + "/run/runtime")) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)
        let gone = try cli.run(["logs", "worker"])
        #expect(gone.status != 0 && gone.stderr.contains("no such container"))
    }

    @Test func rmForceKillsARunningContainerAndLeavesNothing() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let started = try cli.runContainer(["-d", "vessel.test/busybox", "sleep", "1000"])
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(started.status == 0 && id.count == 64, "\(started.stderr)")
        #expect(try cli.run(["ps", "-q"]).stdout == String(id.prefix(12)) + "\n")
        let imageIDs = try cli.run(["images", "-q"]).stdout
        #expect(imageIDs.split(separator: "\n").count == 1 && imageIDs.count == 13, "\(imageIDs)")
        let removed = try cli.run(["rm", "-f", String(id.prefix(12))])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/containers/\(id)"))
        #expect(!TestSupport.mountPoints().contains { $0.hasPrefix(cli.root) })
        #expect(try cli.run(["ps", "-a", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]"
                || (try cli.run(["ps", "-a", "--format", "json"]).stdout.contains(id) == false))
    }

    @Test func aDetachedRmContainerRemovesItselfWhenItExits() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let started = try cli.runContainer(["-d", "--rm", "vessel.test/busybox", "sh", "-c", "sleep 0.2"])
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(started.status == 0, "\(started.stderr)")
        var exists = true
        for _ in 0..<200 where exists {
            Thread.sleep(forTimeInterval: 0.05)
            exists = FileManager.default.fileExists(atPath: cli.root + "/containers/\(id)")
        }
        #expect(!exists)
        #expect(!TestSupport.mountPoints().contains { $0.hasPrefix(cli.root) })
    }

    @Test func badInputIsOneLineAndLeavesNothingBehind() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let cases: [([String], String)] = [
            (["--rm", "--pull", "never", "vessel.test/nosuch", "true"], "no such image"),
            (["--rm", "--pull", "sometimes", "vessel.test/busybox", "true"], "unknown --pull policy"),
            (["--rm", "Bad::Reference", "true"], "malformed image reference"),
            (["--rm", "--memory", "lots", "vessel.test/busybox", "true"], "malformed size"),
            (["--rm", "-v", "relative:/x", "vessel.test/busybox", "true"], "must be absolute"),
            (["--rm", "-v", "/does/not/exist:/x", "vessel.test/busybox", "true"], "does not exist"),
            (["--rm", "--network", "bridge", "vessel.test/busybox", "true"], "unknown network"),
            (["--rm", "-u", "nosuchuser", "vessel.test/busybox", "true"], "unknown user"),
            (["--rm", "--name", "bad name", "vessel.test/busybox", "true"], "invalid container name"),
        ]
        for (arguments, message) in cases {
            let result = try cli.runContainer(arguments)
            #expect(result.status == 125, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        // By default a missing image is pulled, as docker does; `.test` names never resolve.
        let pulled = try cli.runContainer(["--rm", "--timeout", "5", "vessel.test/nosuch", "true"])
        #expect(pulled.status == 125, "\(pulled.stderr)")
        #expect(pulled.stderr == "Unable to find image 'vessel.test/nosuch' locally\nvessel: cannot resolve vessel.test: "
                + (pulled.stderr.split(separator: ": ").last.map(String.init) ?? ""), "\(pulled.stderr)")
        let missingCommand = try cli.runContainer(["--rm", "vessel.test/busybox", "/no/such/binary"])
        #expect(missingCommand.status != 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cli.root + "/containers")) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(!TestSupport.mountPoints().contains { $0.hasPrefix(cli.root) })
        for (command, message) in [(["rm", "ghost"], "no such container"), (["stop", "ghost"], "no such container"),
                                   (["logs", "ghost"], "no such container"), (["inspect", "ghost"], "no such image")] {
            let result = try cli.run(command)
            #expect(result.status != 0 && result.stderr.contains(message), "\(command): \(result.stderr)")
        }
    }

    @Test func inspectShowsContainersAndImages() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        #expect(try cli.runContainer(["--name", "kept", "vessel.test/busybox", "true"]).status == 0)
        let container = try cli.run(["inspect", "kept"])
        #expect(container.stdout.contains("\"exitCode\" : 0") && container.stdout.contains("\"state\" : \"exited\""), "\(container.stdout)")
        let image = try cli.run(["inspect", "vessel.test/busybox"])
        #expect(image.stdout.contains("\"diffIDs\""), "\(image.stdout)")
        #expect(try cli.run(["rm", "kept"]).status == 0)
    }
}

extension TestSupport {
    static func mountPoints() -> [String] {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").compactMap { line in line.split(separator: " ").dropFirst().first.map(String.init) }
    }
}
