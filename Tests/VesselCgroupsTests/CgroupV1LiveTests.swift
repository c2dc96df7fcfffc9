import Glibc
import Testing
import VesselCgroups

/// Real enforcement on this host's cgroup v1 hierarchies, with real processes. Each test uses its own cgroup
/// below the test runner's cgroup and removes it even when an expectation fails.
@Suite(.serialized) struct CgroupV1LiveTests {
    static func withTestCgroup(_ name: String, _ body: (CgroupV1Manager) throws -> Void) throws {
        let mode = try CgroupMode.detect()
        guard case .legacy(let hierarchies) = mode else {
            print("SKIP: host uses cgroup v2; v1 enforcement tests need a v1 or hybrid host")
            return
        }
        let path = try CgroupPath(ociCgroupsPath: "vessel-test-\(getpid())-\(name)", containerID: name)
        let manager = CgroupV1Manager(path: path, hierarchies: hierarchies, membership: try CgroupMembership.current())
        try manager.create()
        defer {
            try? manager.thaw()
            try? manager.killAll(signal: 9)
            try? manager.destroy()
        }
        try body(manager)
    }

    @Test func memoryLimitOOMKillsAChildThatTouchesTooMuch() throws {
        try Self.withTestCgroup("oom") { manager in
            try manager.apply(CgroupResources(memoryLimit: 32 << 20, memorySwap: 32 << 20))
            let small = try GatedChild(.touchMemory(bytes: 8 << 20))
            try manager.addProcess(small.pid)
            small.release()
            #expect(try small.wait() == .exited(0))

            let big = try GatedChild(.touchMemory(bytes: 64 << 20))
            try manager.addProcess(big.pid)
            big.release()
            #expect(try big.wait() == .killed(9))
            let stats = try manager.stats()
            #expect(stats.oomKillCount == 1)
            #expect(stats.memoryLimit == 32 << 20)
        }
    }

    @Test func pidsLimitMakesForkFail() throws {
        try Self.withTestCgroup("pids") { manager in
            try manager.apply(CgroupResources(pidsLimit: 5))
            let child = try GatedChild(.countForks(attempts: 10))
            try manager.addProcess(child.pid)
            #expect(try manager.processes() == [child.pid])
            child.release()
            // The child itself is one of the five tasks.
            #expect(try child.wait() == .exited(4))

            try manager.apply(CgroupResources(pidsLimit: -1))
            let unlimited = try GatedChild(.countForks(attempts: 10))
            try manager.addProcess(unlimited.pid)
            unlimited.release()
            #expect(try unlimited.wait() == .exited(10))
        }
    }

    @Test func freezerStopsAndResumesAProcess() throws {
        try Self.withTestCgroup("freezer") { manager in
            let child = try GatedChild(.touchMemory(bytes: 4096))
            try manager.addProcess(child.pid)
            try manager.freeze(timeoutMilliseconds: 5000)
            #expect(try manager.isFrozen())
            child.release()
            for _ in 0..<20 { usleep(10_000) }
            // Frozen tasks cannot act on the released gate.
            let frozenState = child.state()
            #expect(frozenState != nil && frozenState != "Z")
            try manager.thaw()
            #expect(try !manager.isFrozen())
            #expect(try child.wait() == .exited(0))
        }
    }

    @Test func killAllSignalsEveryProcess() throws {
        try Self.withTestCgroup("kill") { manager in
            let first = try GatedChild(.touchMemory(bytes: 4096))
            let second = try GatedChild(.touchMemory(bytes: 4096))
            try manager.addProcess(first.pid)
            try manager.addProcess(second.pid)
            #expect(try manager.processes() == [first.pid, second.pid].sorted())
            try manager.killAll(signal: 9)
            #expect(try first.wait() == .killed(9))
            #expect(try second.wait() == .killed(9))
            #expect(try manager.processes().isEmpty)
            #expect(try !manager.isFrozen())
        }
    }

    @Test func deviceRulesDenyAllThenAllowNull() throws {
        try Self.withTestCgroup("devices") { manager in
            try manager.apply(CgroupResources(devices: [
                CgroupDeviceRule(allow: false),
                try CgroupDeviceRule(allow: true, ociType: "c", major: 1, minor: 3, access: "rwm"),
            ]))
            let null = try GatedChild(.open(path: "/dev/null"))
            let zero = try GatedChild(.open(path: "/dev/zero"))
            try manager.addProcess(null.pid)
            try manager.addProcess(zero.pid)
            null.release()
            zero.release()
            #expect(try null.wait() == .exited(0))
            #expect(try zero.wait() == .exited(1))  // EPERM
        }
    }

    @Test func rejectedValuesNameTheFile() throws {
        try Self.withTestCgroup("reject") { manager in
            let cpuset = try manager.directory(for: "cpuset")
            let error = #expect(throws: CgroupError.self) { try manager.apply(CgroupResources(cpusetCpus: "4096")) }
            guard case .writeFailed(let file, let value, _) = error else {
                Issue.record("unexpected error \(String(describing: error))")
                return
            }
            #expect(file == cpuset + "/cpuset.cpus" && value == "4096")
            #expect(throws: CgroupError.unsupportedResource(name: "unified", reason: "cgroup v2 files cannot be set on a cgroup v1 host")) {
                try manager.apply(CgroupResources(unified: ["memory.max": "1"]))
            }
            try manager.apply(CgroupResources(cpuShares: 512, cpuQuota: 50_000, cpuPeriod: 100_000, cpusetCpus: "0"))
        }
    }

    @Test func destroyRemovesNestedDirectories() throws {
        var directories: [String] = []
        try Self.withTestCgroup("destroy") { manager in
            directories = manager.directories
            #expect(directories.allSatisfy { access($0, F_OK) == 0 })
            let nested = try manager.directory(for: "memory") + "/inner/deeper"
            #expect(mkdir(try manager.directory(for: "memory") + "/inner", 0o755) == 0)
            #expect(mkdir(nested, 0o755) == 0)
            let child = try GatedChild(.touchMemory(bytes: 4096))
            try manager.addProcess(child.pid)
            child.release()
            #expect(try child.wait() == .exited(0))
            try manager.destroy()
            #expect(directories.allSatisfy { access($0, F_OK) != 0 })
        }
        #expect(!directories.isEmpty)
        #expect(directories.allSatisfy { access($0, F_OK) != 0 })
    }
}
