import Foundation
import Testing
import VesselCgroups

/// The v2 manager's file logic against a plain directory tree. Real v2 enforcement needs a v2-only host and
/// runs in the nested test bed.
@Suite struct CgroupV2FileTests {
    final class FakeHierarchy {
        let root: String
        init() throws {
            root = NSTemporaryDirectory() + "vessel-cgroup2-\(getpid())-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try write("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
            try write("cgroup.subtree_control", "cpu\n")
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ relative: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + relative))
        }
        func read(_ relative: String) throws -> String {
            try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
        }
    }

    static let leafFiles = ["memory.max", "memory.swap.max", "memory.low", "cpu.weight", "cpu.max", "cpuset.cpus",
                            "cpuset.mems", "pids.max", "io.weight", "hugetlb.2MB.max", "memory.oom.group", "cgroup.procs"]

    @Test func createEnablesControllersTopDown() throws {
        let fake = try FakeHierarchy()
        try FileManager.default.createDirectory(atPath: fake.root + "/pods", withIntermediateDirectories: true)
        try fake.write("pods/cgroup.controllers", "cpu memory pids\n")
        try fake.write("pods/cgroup.subtree_control", "memory\n")
        let manager = CgroupV2Manager(cgroup: "/pods/c1", mountPoint: fake.root)
        try manager.create()
        #expect(FileManager.default.fileExists(atPath: fake.root + "/pods/c1"))
        #expect(try fake.read("cgroup.subtree_control") == "+cpuset +io +memory +hugetlb +pids +rdma +misc")
        #expect(try fake.read("pods/cgroup.subtree_control") == "+cpu +pids")
    }

    @Test func applyWritesConvertedValues() throws {
        let fake = try FakeHierarchy()
        let manager = CgroupV2Manager(cgroup: "/c1", mountPoint: fake.root)
        try manager.create()
        for file in Self.leafFiles { try fake.write("c1/" + file, "") }
        try manager.apply(CgroupResources(
            memoryLimit: 64 << 20, memoryReservation: 32 << 20, memorySwap: 96 << 20, memorySwappiness: 10,
            disableOOMKiller: true, cpuShares: 1024, cpuQuota: 50_000, cpuPeriod: 100_000,
            cpusetCpus: "0-1", cpusetMems: "0", pidsLimit: -1, blockIOWeight: 500,
            hugepageLimits: [CgroupHugepageLimit(pageSize: "2MB", limit: 4 << 20)],
            unified: ["memory.oom.group": "1"]))
        #expect(try fake.read("c1/memory.max") == String(64 << 20))
        #expect(try fake.read("c1/memory.swap.max") == String(32 << 20))
        #expect(try fake.read("c1/memory.low") == String(32 << 20))
        #expect(try fake.read("c1/cpu.weight") == "39")
        #expect(try fake.read("c1/cpu.max") == "50000 100000")
        #expect(try fake.read("c1/cpuset.cpus") == "0-1")
        #expect(try fake.read("c1/cpuset.mems") == "0")
        #expect(try fake.read("c1/pids.max") == "max")
        #expect(try fake.read("c1/io.weight") == "4950")
        #expect(try fake.read("c1/hugetlb.2MB.max") == String(4 << 20))
        #expect(try fake.read("c1/memory.oom.group") == "1")

        try manager.apply(CgroupResources(memoryLimit: -1))
        #expect(try fake.read("c1/memory.max") == "max")
        #expect(try fake.read("c1/memory.swap.max") == "max")
    }

    @Test func missingOrInvalidFilesAreNamedInErrors() throws {
        let fake = try FakeHierarchy()
        let manager = CgroupV2Manager(cgroup: "/c1", mountPoint: fake.root)
        try manager.create()
        let error = #expect(throws: CgroupError.self) { try manager.apply(CgroupResources(pidsLimit: 10)) }
        #expect(error == .missingFile(file: fake.root + "/c1/pids.max", value: "10"))
        #expect(throws: CgroupError.invalidResource(name: "unified[../x]", reason: "not a cgroup file name")) {
            try manager.apply(CgroupResources(unified: ["../x": "1"]))
        }
        #expect(throws: CgroupError.self) { try manager.apply(CgroupResources(memoryLimit: 100, memorySwap: 50)) }
    }

    @Test func freezeProcessesAndStatsReadTheV2Files() throws {
        let fake = try FakeHierarchy()
        let manager = CgroupV2Manager(cgroup: "/c1", mountPoint: fake.root)
        try manager.create()
        try fake.write("c1/cgroup.freeze", "0\n")
        try fake.write("c1/cgroup.events", "populated 1\nfrozen 1\n")
        try manager.freeze(timeoutMilliseconds: 100)
        #expect(try fake.read("c1/cgroup.freeze") == "1")
        #expect(try manager.isFrozen())
        try fake.write("c1/cgroup.events", "populated 1\nfrozen 0\n")
        #expect(throws: CgroupError.freezeTimedOut(path: fake.root + "/c1", state: "frozen 0")) {
            try manager.freeze(timeoutMilliseconds: 30)
        }
        #expect(try fake.read("c1/cgroup.freeze") == "0")
        try fake.write("c1/cgroup.procs", "12\n7\n")
        #expect(try manager.processes() == [7, 12])
        try fake.write("c1/memory.current", "4096\n")
        try fake.write("c1/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
        try fake.write("c1/pids.current", "2\n")
        try fake.write("c1/cpu.stat", "usage_usec 15\nuser_usec 10\n")
        let stats = try manager.stats()
        #expect(stats.memoryUsage == 4096)
        #expect(stats.oomKillCount == 1)
        #expect(stats.memoryFailCount == 3)
        #expect(stats.pidsCurrent == 2)
        #expect(stats.cpuUsageNanoseconds == 15_000)
    }
}
