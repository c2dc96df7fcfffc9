import Foundation
import Glibc
import Testing
import VesselOCISpec

@Suite(.serialized)
struct LifecycleTests {
    @Test func createStartStopDeleteWithStateTransitions() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sleep", "60"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("life")
        let pidFile = bundle.path + "/pid"
        let created = try runtime.run(["create", "--bundle", bundle.path, "--pid-file", pidFile, id])
        #expect(created.status == 0, "\(created.stderr)")
        let state = try #require(try runtime.state(id))
        #expect(state["status"] as? String == "created")
        #expect(state["id"] as? String == id)
        #expect(state["bundle"] as? String == bundle.path)
        #expect(state["ociVersion"] as? String == bundle.spec.ociVersion)
        #expect((state["created"] as? String)?.hasSuffix("Z") == true)
        let pid = try #require(state["pid"] as? Int)
        #expect(try String(contentsOfFile: pidFile, encoding: .utf8) == "\(pid)")
        #expect(kill(Int32(pid), 0) == 0)

        #expect(try runtime.run(["start", id]).status == 0)
        #expect(try runtime.status(id) == "running")
        // A second start is refused.
        #expect(try runtime.run(["start", id]).status != 0)
        // Deleting a running container needs --force.
        let refused = try runtime.run(["delete", id])
        #expect(refused.status != 0 && refused.stderr.contains("running"))

        // pid 1 of a pid namespace ignores TERM without a handler, as under runc; KILL always works.
        #expect(try runtime.run(["kill", id, "SIGKILL"]).status == 0)
        #expect(try runtime.waitForStatus(id, "stopped"))
        let killAgain = try runtime.run(["kill", id, "9"])
        #expect(killAgain.status != 0 && killAgain.stderr.contains("not running"))
        #expect(try runtime.run(["delete", id]).status == 0)
        let missing = try runtime.run(["state", id])
        #expect(missing.status != 0 && missing.stderr.contains("container \"\(id)\" does not exist"))
        #expect(!FileManager.default.fileExists(atPath: runtime.root + "/" + id))
    }

    @Test func runPropagatesExitCodeAndOutput() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sh", "-c", "echo out-line; echo err-line >&2; exit 42"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("run")
        let result = try runtime.run(["run", "--bundle", bundle.path, id])
        #expect(result.status == 42)
        #expect(result.stdout == "out-line\n")
        #expect(result.stderr.contains("err-line"))
        #expect(!FileManager.default.fileExists(atPath: runtime.root + "/" + id))
    }

    @Test func listAndPsShowTheContainer() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sleep", "30"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("list")
        #expect(try runtime.run(["run", "--detach", "--bundle", bundle.path, id]).status == 0)
        let pid = try #require(try runtime.state(id)?["pid"] as? Int)
        let listed = try runtime.run(["list", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.contains { $0["id"] as? String == id && $0["status"] as? String == "running" })
        #expect(try runtime.run(["list", "-q"]).stdout.split(separator: "\n").map(String.init) == [id])
        let ps = try runtime.run(["ps", "--format", "json", id])
        let pids = try #require(try JSONSerialization.jsonObject(with: Data(ps.stdout.utf8)) as? [Int])
        #expect(pids == [pid])
        #expect(try runtime.run(["delete", "--force", id]).status == 0)
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        #expect(stat.isEmpty || stat.contains(") Z "))
    }

    @Test func specWritesDefaultAndRefusesOverwrite() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let directory = TemporaryDirectory.make(prefix: "vr-spec")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try runtime.run(["spec", "--bundle", directory]).status == 0)
        let spec = try Spec.load(bundle: directory)
        #expect(spec.process?.args == ["sh"])
        let again = try runtime.run(["spec", "--bundle", directory])
        #expect(again.status != 0 && again.stderr.contains("exists"))
        let features = try runtime.run(["features"])
        #expect(features.status == 0 && features.stdout.contains("\"ociVersionMin\""))
    }
}

@Suite(.serialized)
struct SignalForwardingTests {
    @Test func runForwardsSignalsToTheContainer() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sh", "-c", "trap 'echo got-term; exit 9' TERM; echo ready > /tmp/ready; while true; do sleep 0.1; done"])
        defer { bundle.remove() }
        let id = TestEnvironment.uniqueID("signal")
        let output = bundle.path + "/run.out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let words = [runtime.binary, "--root", runtime.root, "run", "--bundle", bundle.path, id]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, runtime.binary, &actions, nil, argv, environ) == 0)
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: bundle.rootfs + "/tmp/ready") { usleep(20_000) }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<500 where waitpid(pid, &status, WNOHANG) == 0 { usleep(20_000) }
        #expect(status & 0x7f == 0 && (status >> 8) & 0xff == 9, "wait status \(status)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "got-term\n")
    }
}
