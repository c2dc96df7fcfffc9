import Foundation
import Glibc
import Testing
import VesselOCISpec

@Suite(.serialized)
struct BadInputTests {
    /// Runs `create` on a broken bundle: one line on stderr, a level=error JSON log line, non-zero exit, no state dir.
    private func expectRejected(_ runtime: RuntimeHarness, bundle: String, id: String, mentions: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try runtime.run(["create", "--bundle", bundle, id])
        #expect(result.status != 0, sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentions), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        let log = (try? String(contentsOfFile: runtime.logPath, encoding: .utf8)) ?? ""
        let last = log.split(separator: "\n").last.map(String.init) ?? ""
        let entry = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        #expect(entry?["level"] as? String == "error", sourceLocation: sourceLocation)
        #expect((entry?["msg"] as? String)?.contains(mentions) == true, sourceLocation: sourceLocation)
        #expect(entry?["time"] is String, sourceLocation: sourceLocation)
        if !id.isEmpty && !id.contains("/") && id != "taken" {
            #expect(!FileManager.default.fileExists(atPath: runtime.root + "/" + id), sourceLocation: sourceLocation)
        }
    }

    @Test func malformedBundlesAreRejectedAndLeaveNothing() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["true"])
        defer { bundle.remove() }
        let config = bundle.path + "/config.json"
        let good = try String(contentsOfFile: config, encoding: .utf8)

        try "{ not json".write(toFile: config, atomically: true, encoding: .utf8)
        try expectRejected(runtime, bundle: bundle.path, id: "badjson", mentions: "JSON")

        var spec = bundle.spec
        spec.ociVersion = "2.0.0"
        try Data(try spec.encodedPretty()).write(to: URL(fileURLWithPath: config))
        try expectRejected(runtime, bundle: bundle.path, id: "badversion", mentions: "2.0.0")

        spec = bundle.spec
        spec.root = Root(path: "missing-rootfs")
        try Data(try spec.encodedPretty()).write(to: URL(fileURLWithPath: config))
        try expectRejected(runtime, bundle: bundle.path, id: "norootfs", mentions: "missing-rootfs")

        try good.replacingOccurrences(of: "\"type\" : \"ipc\"", with: "\"type\" : \"bogus\"")
            .replacingOccurrences(of: "\"type\": \"ipc\"", with: "\"type\": \"bogus\"")
            .write(toFile: config, atomically: true, encoding: .utf8)
        try expectRejected(runtime, bundle: bundle.path, id: "badns", mentions: "bogus")

        spec = bundle.spec
        spec.linux?.cgroupsPath = "/a/../../escape"
        try Data(try spec.encodedPretty()).write(to: URL(fileURLWithPath: config))
        try expectRejected(runtime, bundle: bundle.path, id: "badcgroup", mentions: "cgroupsPath")

        spec = bundle.spec
        spec.linux?.seccomp = LinuxSeccomp(defaultAction: "SCMP_ACT_ALLOW",
                                           syscalls: [LinuxSyscall(names: ["no_such_syscall"], action: "SCMP_ACT_ERRNO")])
        try Data(try spec.encodedPretty()).write(to: URL(fileURLWithPath: config))
        try expectRejected(runtime, bundle: bundle.path, id: "badseccomp", mentions: "no_such_syscall")

        try good.write(toFile: config, atomically: true, encoding: .utf8)
        try expectRejected(runtime, bundle: bundle.path, id: "", mentions: "empty")
        try expectRejected(runtime, bundle: bundle.path, id: "a/b", mentions: "a/b")
        #expect(try runtime.run(["create", "--bundle", bundle.path, "taken"]).status == 0)
        try expectRejected(runtime, bundle: bundle.path, id: "taken", mentions: "taken")
        #expect(try runtime.run(["delete", "--force", "taken"]).status == 0)

        let missing = try runtime.run(["state", "nonexistent"])
        #expect(missing.status != 0 && missing.stderr == "container \"nonexistent\" does not exist\n")
        let systemd = try runtime.run(["--systemd-cgroup", "state", "x"])
        #expect(systemd.status != 0 && systemd.stderr.contains("systemd"))
        for id in ["badjson", "badversion", "norootfs", "badns", "badcgroup", "badseccomp", "taken"] {
            #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/vessel/\(id)"), "cgroup of \(id) left")
            #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/pids/vessel/\(id)"), "cgroup of \(id) left")
        }
    }

    @Test func killedCreateIsCleanedUpByForceDelete() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sleep", "60"])
        defer { bundle.remove() }
        // A slow createRuntime hook keeps create busy long enough to kill it in the middle.
        bundle.spec.hooks = Hooks(createRuntime: [Hook(path: "/bin/sleep", args: ["sleep", "5"])])
        try bundle.save()
        let id = TestEnvironment.uniqueID("killed")
        let words: [String] = [runtime.binary, "--root", runtime.root, "create", "--bundle", bundle.path, id]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        #expect(posix_spawn(&pid, runtime.binary, nil, nil, argv, environ) == 0)
        // Wait until the init exists (the state records its pid), then SIGKILL the runtime.
        var initPID = 0
        for _ in 0..<200 where initPID == 0 {
            usleep(20_000)
            initPID = (try? runtime.state(id))??["pid"] as? Int ?? 0
        }
        #expect(initPID > 0)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(try runtime.run(["delete", "--force", id]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: runtime.root + "/" + id))
        #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/vessel/\(id)"))
        #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/pids/vessel/\(id)"))
        usleep(100_000)
        let stat = (try? String(contentsOfFile: "/proc/\(initPID)/stat", encoding: .utf8)) ?? ""
        #expect(stat.isEmpty || stat.contains(") Z "), "init \(initPID) still alive: \(stat)")
    }
}
