import Testing
@testable import VesselRuntime

@Suite struct RootfsCgroupPlanTests {
    private func entry(_ root: String, _ point: String, _ type: String, _ options: String) -> RootfsMountTable.Entry {
        RootfsMountTable.Entry(root: root, mountPoint: point, fsType: type, superOptions: options.split(separator: ",").map(String.init))
    }

    @Test func hybridHostGivesV1HierarchiesWithAliases() {
        let mounts = [
            entry("/", "/sys/fs/cgroup/cpu,cpuacct", "cgroup", "rw,cpu,cpuacct"),
            entry("/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"),
            entry("/", "/sys/fs/cgroup/systemd", "cgroup", "rw,xattr,name=systemd"),
            entry("/", "/sys/fs/cgroup/unified", "cgroup2", "rw"),
        ]
        let file = "4:memory:/vessel/c1\n3:cpu,cpuacct:/vessel/c1\n1:name=systemd:/user.slice\n0::/\n"
        let plan = RootfsCgroupPlan.plan(cgroupFile: file, mounts: mounts)
        #expect(plan == .v1([
            RootfsCgroupHierarchy(directoryName: "memory", mountData: "memory", hostPath: "/sys/fs/cgroup/memory/vessel/c1"),
            RootfsCgroupHierarchy(
                directoryName: "cpu,cpuacct", mountData: "cpu,cpuacct", hostPath: "/sys/fs/cgroup/cpu,cpuacct/vessel/c1",
                aliases: ["cpu", "cpuacct"]),
            RootfsCgroupHierarchy(directoryName: "systemd", mountData: "name=systemd", hostPath: "/sys/fs/cgroup/systemd/user.slice"),
        ]))
    }

    @Test func unifiedHostGivesV2() {
        let mounts = [entry("/", "/sys/fs/cgroup", "cgroup2", "rw,nsdelegate")]
        #expect(RootfsCgroupPlan.plan(cgroupFile: "0::/system.slice/vessel-c1\n", mounts: mounts)
            == .v2(hostPath: "/sys/fs/cgroup/system.slice/vessel-c1"))
    }

    @Test func mountRootIsStrippedFromTheCgroupPath() {
        let mounts = [entry("/kubepods", "/sys/fs/cgroup", "cgroup2", "rw")]
        #expect(RootfsCgroupPlan.plan(cgroupFile: "0::/kubepods/pod1\n", mounts: mounts) == .v2(hostPath: "/sys/fs/cgroup/pod1"))
        #expect(RootfsCgroupPlan.plan(cgroupFile: "0::/elsewhere\n", mounts: mounts) == .none)
    }

    @Test func mountinfoEscapesAreDecoded() {
        #expect(RootfsMountTable.unescape("/a\\040b\\134c") == "/a b\\c")
        #expect(RootfsMountTable.unescape("/plain\\04") == "/plain\\04")
    }

    @Test func sysctlKeysMapToProcSysPaths() {
        #expect(RootfsSetup.sysctlPath("net.ipv4.ip_forward") == "/proc/sys/net/ipv4/ip_forward")
        #expect(RootfsSetup.sysctlPath("net/ipv4/conf/eth0.100/forwarding") == "/proc/sys/net/ipv4/conf/eth0.100/forwarding")
        #expect(RootfsSetup.sysctlPath("../../etc/passwd") == "/proc/sys/etc/passwd")
    }
}
