import Foundation
import Glibc
import Testing
import VesselOCISpec

@Suite(.serialized)
struct InteractionTests {
    @Test func terminalIsSentOverTheConsoleSocket() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "tty; echo pty-marker-$((6*7)); read line; echo got-$line"])
        defer { bundle.remove() }
        bundle.spec.process?.terminal = true
        try bundle.save()
        let server = try ConsoleSocketServer(directory: bundle.path)
        let id = TestEnvironment.uniqueID("tty")
        let created = try runtime.run(["create", "--bundle", bundle.path, "--console-socket", server.path, id])
        #expect(created.status == 0, "\(created.stderr)")
        let master = try server.receiveMaster()
        defer { close(master) }
        #expect(try runtime.run(["start", id]).status == 0)
        let output = ConsoleSocketServer.read(master: master, until: "pty-marker-42")
        #expect(output.contains("/dev/pts/0"), "\(output)")
        #expect(output.contains("pty-marker-42"))
        _ = "hello\n".withCString { write(master, $0, 6) }
        #expect(ConsoleSocketServer.read(master: master, until: "got-hello").contains("got-hello"))
        #expect(try runtime.waitForStatus(id, "stopped"))
        #expect(try runtime.run(["delete", id]).status == 0)
    }

    @Test func execIntoARunningContainer() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sleep", "60"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("exec")
        #expect(try runtime.run(["run", "--detach", "--bundle", bundle.path, id]).status == 0)
        let initPID = try #require(try runtime.state(id)?["pid"] as? Int)

        let exec = try runtime.run(["exec", "--env", "EXTRA=yes", "--cwd", "/tmp", id, "sh", "-c",
                                    "echo $EXTRA $(pwd); readlink /proc/self/ns/pid; readlink /proc/self/ns/mnt; exit 4"])
        #expect(exec.status == 4, "\(exec.stderr)")
        let lines = exec.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        #expect(lines[0] == "yes /tmp")
        #expect(lines[1] == TestEnvironment.readlink("/proc/\(initPID)/ns/pid"))
        #expect(lines[2] == TestEnvironment.readlink("/proc/\(initPID)/ns/mnt"))

        var process = bundle.spec.process ?? ProcessSpec()
        process.args = ["sh", "-c", "echo from-process-json > /tmp/marker; sleep 30"]
        let processFile = bundle.path + "/process.json"
        try Data(try SpecJSON.encodePretty(process)).write(to: URL(fileURLWithPath: processFile))
        let pidFile = bundle.path + "/exec.pid"
        let detached = try runtime.run(["exec", "--process", processFile, "--detach", "--pid-file", pidFile, id])
        #expect(detached.status == 0, "\(detached.stderr)")
        let execPID = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)))
        #expect(kill(execPID, 0) == 0)
        usleep(300_000)
        #expect(try String(contentsOfFile: bundle.rootfs + "/tmp/marker", encoding: .utf8) == "from-process-json\n")
        let ps = try runtime.run(["ps", "--format", "json", id])
        #expect(ps.stdout.contains("\(execPID)"))

        let missing = try runtime.run(["exec", id, "/no/such/binary"])
        #expect(missing.status != 0 && missing.stderr.contains("/no/such/binary"))

        #expect(try runtime.run(["kill", id, "KILL"]).status == 0)
        #expect(try runtime.waitForStatus(id, "stopped"))
        let stopped = try runtime.run(["exec", id, "true"])
        #expect(stopped.status != 0 && stopped.stderr.contains("container not running"))
        #expect(try runtime.run(["delete", id]).status == 0)
    }

    @Test func pauseAndResumeUseTheFreezer() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sh", "-c", "while true; do date +%s%N > /tmp/tick; sleep 0.05; done"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("pause")
        #expect(try runtime.run(["run", "--detach", "--bundle", bundle.path, id]).status == 0)
        usleep(200_000)
        #expect(try runtime.run(["pause", id]).status == 0)
        #expect(try runtime.status(id) == "paused")
        let frozenTick = try String(contentsOfFile: bundle.rootfs + "/tmp/tick", encoding: .utf8)
        usleep(300_000)
        #expect(try String(contentsOfFile: bundle.rootfs + "/tmp/tick", encoding: .utf8) == frozenTick)
        #expect(try runtime.run(["resume", id]).status == 0)
        #expect(try runtime.status(id) == "running")
        var advanced = false
        for _ in 0..<60 where !advanced {
            usleep(50_000)
            advanced = (try? String(contentsOfFile: bundle.rootfs + "/tmp/tick", encoding: .utf8)) != frozenTick
        }
        #expect(advanced)
        #expect(try runtime.run(["delete", "--force", id]).status == 0)
    }

    @Test func hooksRunInOrderWithState() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "echo process >> /hooks.log"])
        defer { bundle.remove() }
        let log = bundle.rootfs + "/hooks.log"
        func hostHook(_ name: String) -> Hook {
            Hook(path: "/bin/sh", args: ["sh", "-c", "read -r state; echo \(name) >> \(log); echo \"$state\" > \(bundle.path)/\(name).json"])
        }
        bundle.spec.hooks = Hooks(
            prestart: [hostHook("prestart")], createRuntime: [hostHook("createRuntime")],
            createContainer: [hostHook("createContainer")],
            startContainer: [Hook(path: "/bin/sh", args: ["sh", "-c", "echo startContainer >> /hooks.log"])],
            poststart: [hostHook("poststart")], poststop: [hostHook("poststop")])
        try bundle.save()
        let id = TestEnvironment.uniqueID("hooks")
        #expect(try runtime.run(["create", "--bundle", bundle.path, id]).status == 0)
        #expect(try runtime.run(["start", id]).status == 0)
        #expect(try runtime.waitForStatus(id, "stopped"))
        #expect(try runtime.run(["delete", id]).status == 0)
        let order = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(order == ["prestart", "createRuntime", "createContainer", "startContainer", "process", "poststart", "poststop"]
                || order == ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "process", "poststop"],
                "hooks ran as \(order)")
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bundle.path + "/poststart.json"))) as? [String: Any]
        #expect(state?["id"] as? String == id)
        #expect(state?["bundle"] as? String == bundle.path)

        // A failing hook fails create and leaves nothing behind.
        bundle.spec.hooks = Hooks(createRuntime: [Hook(path: "/bin/false")])
        try bundle.save()
        let failing = try runtime.run(["create", "--bundle", bundle.path, id])
        #expect(failing.status != 0 && failing.stderr.contains("createRuntime"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: runtime.root + "/" + id)) ?? []
        #expect(!FileManager.default.fileExists(atPath: runtime.root + "/" + id), "left: \(leftovers) \(failing.stderr)")
    }
}
