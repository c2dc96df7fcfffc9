import Foundation
import Testing
import VesselOCISpec

@Suite(.serialized)
struct IsolationTests {
    @Test func everyNamespaceDiffersFromTheHostAndHostnameIsSet() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let names = ["pid", "net", "ipc", "uts", "mnt", "cgroup"]
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", names.map { "readlink /proc/self/ns/\($0)" }.joined(separator: ";") + "; hostname"])
        defer { bundle.remove() }
        bundle.spec.hostname = "vessel-ns-test"
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("ns")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == names.count + 1)
        for (index, name) in names.enumerated() {
            let host = TestEnvironment.readlink("/proc/self/ns/\(name)")
            #expect(lines[index].hasPrefix("\(name):["))
            #expect(lines[index] != host, "\(name) namespace is the host's")
        }
        #expect(lines.last == "vessel-ns-test")
    }

    @Test func userNamespaceWithMappings() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "cat /proc/self/uid_map; readlink /proc/self/ns/user; id -u"])
        defer { bundle.remove() }
        bundle.spec.linux?.namespaces?.append(LinuxNamespace(type: .user))
        bundle.spec.linux?.uidMappings = [LinuxIDMapping(containerID: 0, hostID: 200000, size: 65536)]
        bundle.spec.linux?.gidMappings = [LinuxIDMapping(containerID: 0, hostID: 200000, size: 65536)]
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("userns")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        try #require(lines.count == 3)
        #expect(lines[0] == "0 200000 65536")
        #expect(lines[1] != TestEnvironment.readlink("/proc/self/ns/user"))
        #expect(lines[2] == "0")
    }

    @Test func capabilitiesMatchTheSpec() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status"])
        defer { bundle.remove() }
        // CAP_CHOWN = 0, CAP_KILL = 5, CAP_NET_RAW = 13.
        bundle.spec.process?.capabilities = LinuxCapabilities(
            bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"], effective: ["CAP_CHOWN", "CAP_KILL"],
            inheritable: ["CAP_KILL"], permitted: ["CAP_CHOWN", "CAP_KILL"], ambient: ["CAP_KILL"])
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("caps")])
        #expect(result.status == 0, "\(result.stderr)")
        var values: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        // After execve as root: permitted and effective are recomputed from the bounding set and file caps;
        // as uid 0, P' = (P(inheritable) & file) | (bounding & ...) — so check the sets a non-root user keeps.
        #expect(values["CapBnd"] == "0000000000002021")
        #expect(values["CapInh"] == "0000000000000020")
        #expect(values["CapAmb"] == "0000000000000020")
        #expect(values["CapEff"] == "0000000000000021")
    }

    @Test func capabilitiesOfANonRootUser() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "grep -E '^Cap(Prm|Eff|Amb)' /proc/self/status; id -u; id -g; id -G"])
        defer { bundle.remove() }
        bundle.spec.process?.user = ProcessUser(uid: 1000, gid: 1001, additionalGids: [1002, 1003])
        bundle.spec.process?.capabilities = LinuxCapabilities(
            bounding: ["CAP_CHOWN", "CAP_KILL"], effective: ["CAP_CHOWN", "CAP_KILL"], inheritable: ["CAP_CHOWN", "CAP_KILL"],
            permitted: ["CAP_CHOWN", "CAP_KILL"], ambient: ["CAP_CHOWN", "CAP_KILL"])
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("capuser")])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("CapPrm:\t0000000000000021"))
        #expect(text.contains("CapEff:\t0000000000000021"))
        #expect(text.contains("CapAmb:\t0000000000000021"))
        #expect(text.contains("\n1000\n1001\n"))
        #expect(text.contains("1002") && text.contains("1003"))
    }

    @Test func rlimitsAreApplied() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "ulimit -Sn; ulimit -Hn; ulimit -Sc"])
        defer { bundle.remove() }
        bundle.spec.process?.rlimits = [POSIXRlimit(type: "RLIMIT_NOFILE", hard: 456, soft: 123),
                                        POSIXRlimit(type: "RLIMIT_CORE", hard: 4096, soft: 2048)]
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("rlimit")])
        #expect(result.status == 0, "\(result.stderr)")
        // busybox prints RLIMIT_CORE in 512-byte blocks.
        #expect(result.stdout == "123\n456\n4\n")
    }

    @Test func onlyStdioIsOpenInTheContainer() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["sh", "-c", "ls -l /proc/$$/fd"])
        defer { bundle.remove() }
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("fds")])
        #expect(result.status == 0, "\(result.stderr)")
        let fds = result.stdout.split(separator: "\n").filter { $0.hasPrefix("l") }.compactMap { line -> Substring? in
            let tokens = line.split(separator: " ")
            guard let arrow = tokens.firstIndex(of: "->"), arrow > 0 else { return nil }
            return tokens[arrow - 1]
        }
        #expect(fds == ["0", "1", "2"], "\(result.stdout)")
    }

    /// Without no_new_privs (podman's and docker's default) the filter needs CAP_SYS_ADMIN, which the
    /// container's capability sets do not keep: the init must install it before dropping them.
    @Test(arguments: [true, false])
    func seccompErrnoRuleIsEnforced(noNewPrivileges: Bool) throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "mkdir /tmp/blocked; echo status=$?; touch /tmp/allowed && echo touched"])
        defer { bundle.remove() }
        bundle.spec.process?.noNewPrivileges = noNewPrivileges
        #expect(bundle.spec.process?.capabilities?.effective?.contains("CAP_SYS_ADMIN") != true)
        bundle.spec.linux?.seccomp = LinuxSeccomp(
            defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"],
            syscalls: [LinuxSyscall(names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 1)])
        try bundle.save()
        let result = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("seccomp")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("status=1"))
        #expect(result.stdout.contains("touched"))
        #expect(result.stderr.contains("Operation not permitted"))
    }

    @Test func memoryAndPidsLimitsAreEnforced() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        var bundle = try BusyboxBundle(arguments: ["sh", "-c", "dd if=/dev/zero of=/dev/null bs=96M count=1; echo dd=$?"])
        defer { bundle.remove() }
        bundle.spec.linux?.resources = LinuxResources(memory: LinuxMemory(limit: 32 << 20, swap: 32 << 20))
        try bundle.save()
        let memory = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("mem")])
        // dd is OOM-killed (SIGKILL) inside the 32 MiB cgroup; the shell survives and reports it.
        #expect(memory.stdout.contains("dd=137"), "\(memory.stdout) \(memory.stderr)")

        bundle.spec.process?.args = ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 5 & done; sleep 0.2; ls /proc | grep -c '^[0-9]'"]
        bundle.spec.linux?.resources = LinuxResources(pids: LinuxPids(limit: 6))
        try bundle.save()
        let pids = try runtime.run(["run", "--bundle", bundle.path, TestEnvironment.uniqueID("pids")])
        #expect(pids.stderr.contains("fork"), "\(pids.stderr)")
    }
}
