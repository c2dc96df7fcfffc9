import Testing
import VesselCgroups

@Suite struct CgroupPathTests {
    static let hybridMountinfo = """
        24 31 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        42 31 0:39 / /mnt/odd\\040dir rw,relatime - cgroup cgroup rw,pids
        """

    @Test func parsesV1HierarchiesFromMountinfo() {
        let hierarchies = CgroupV1Hierarchy.parse(mountinfo: Self.hybridMountinfo)
        #expect(hierarchies == [
            CgroupV1Hierarchy(mountPoint: "/sys/fs/cgroup/cpu,cpuacct", root: "/", controllers: ["cpu", "cpuacct"]),
            CgroupV1Hierarchy(mountPoint: "/sys/fs/cgroup/cpuset", root: "/", controllers: ["cpuset"]),
            CgroupV1Hierarchy(mountPoint: "/sys/fs/cgroup/memory", root: "/docker/abc", controllers: ["memory"]),
            CgroupV1Hierarchy(mountPoint: "/sys/fs/cgroup/systemd", root: "/", controllers: ["name=systemd"]),
            CgroupV1Hierarchy(mountPoint: "/mnt/odd dir", root: "/", controllers: ["pids"]),
        ])
    }

    @Test func hierarchyDirectoriesStripTheMountRoot() {
        let memory = CgroupV1Hierarchy(mountPoint: "/sys/fs/cgroup/memory", root: "/docker/abc", controllers: ["memory"])
        #expect(memory.directory(for: "/docker/abc/vessel/c1") == "/sys/fs/cgroup/memory/vessel/c1")
        #expect(memory.directory(for: "/docker/abc") == "/sys/fs/cgroup/memory")
        let cpu = CgroupV1Hierarchy(mountPoint: "/sys/fs/cgroup/cpu", controllers: ["cpu"])
        #expect(cpu.directory(for: "/a/b") == "/sys/fs/cgroup/cpu/a/b")
        #expect(cpu.directory(for: "/") == "/sys/fs/cgroup/cpu")
    }

    @Test func parsesProcSelfCgroup() {
        let membership = CgroupMembership.parse("""
            9:name=systemd:/
            4:memory:/process_api/2d6d
            2:cpu,cpuacct:/user.slice
            0::/init.scope
            """)
        #expect(membership.v1Paths["memory"] == "/process_api/2d6d")
        #expect(membership.v1Paths["cpuacct"] == "/user.slice")
        #expect(membership.v1Paths["name=systemd"] == "/")
        #expect(membership.unifiedPath == "/init.scope")
    }

    @Test func ociPathRules() throws {
        let absolute = try CgroupPath(ociCgroupsPath: "/machine/c1", containerID: "c1")
        #expect(absolute.anchor == .hierarchyRoot)
        #expect(absolute.absolute(ownCgroup: "/user.slice") == "/machine/c1")
        let relative = try CgroupPath(ociCgroupsPath: "pods/./c1", containerID: "c1")
        #expect(relative.anchor == .ownCgroup)
        #expect(relative.absolute(ownCgroup: "/user.slice/session") == "/user.slice/session/pods/c1")
        #expect(relative.absolute(ownCgroup: "/") == "/pods/c1")
        let defaulted = try CgroupPath(ociCgroupsPath: nil, containerID: "abc")
        #expect(defaulted.absolute(ownCgroup: "/x") == "/vessel/abc")
        #expect(try CgroupPath(ociCgroupsPath: "", containerID: "abc") == defaulted)
    }

    @Test func ociPathRejections() {
        #expect(throws: CgroupError.invalidPath(path: "/a/../b", reason: "'..' is not allowed")) {
            try CgroupPath(ociCgroupsPath: "/a/../b", containerID: "c")
        }
        #expect(throws: CgroupError.systemdPathUnsupported(path: "system.slice:docker:abc")) {
            try CgroupPath(ociCgroupsPath: "system.slice:docker:abc", containerID: "c")
        }
        #expect(throws: CgroupError.self) { try CgroupPath(ociCgroupsPath: "/a\u{0}b", containerID: "c") }
        #expect(throws: CgroupError.self) { try CgroupPath(ociCgroupsPath: "/", containerID: "c") }
        #expect(throws: CgroupError.self) { try CgroupPath(ociCgroupsPath: nil, containerID: "../x") }
        #expect(CgroupError.systemdPathUnsupported(path: "a:b:c").description.contains("systemd"))
    }

    @Test func v1ManagerPlacesRelativePathsBelowOwnCgroupPerHierarchy() throws {
        let hierarchies = CgroupV1Hierarchy.parse(mountinfo: Self.hybridMountinfo)
        let membership = CgroupMembership.parse("4:memory:/docker/abc/runtime\n2:cpu,cpuacct:/user.slice\n")
        let relative = CgroupV1Manager(path: try CgroupPath(ociCgroupsPath: "c1", containerID: "c1"),
                                       hierarchies: hierarchies, membership: membership)
        #expect(relative.directories == [
            "/sys/fs/cgroup/cpu,cpuacct/user.slice/c1",
            "/sys/fs/cgroup/cpuset/c1",
            "/sys/fs/cgroup/memory/runtime/c1",
            "/sys/fs/cgroup/systemd/c1",
            "/mnt/odd dir/c1",
        ])
        #expect(try relative.directory(for: "cpuacct") == "/sys/fs/cgroup/cpu,cpuacct/user.slice/c1")
        #expect(throws: CgroupError.controllerNotMounted(controller: "freezer")) { try relative.directory(for: "freezer") }
        let absolute = CgroupV1Manager(path: try CgroupPath(ociCgroupsPath: "/docker/abc/c2", containerID: "c2"),
                                       hierarchies: hierarchies, membership: membership)
        #expect(absolute.directories[2] == "/sys/fs/cgroup/memory/c2")
        #expect(absolute.directories[1] == "/sys/fs/cgroup/cpuset/docker/abc/c2")
    }

    @Test func v2ManagerPlacement() throws {
        let membership = CgroupMembership.parse("0::/system.slice/runtime.service\n")
        let relative = CgroupV2Manager(path: try CgroupPath(ociCgroupsPath: "c1", containerID: "c1"), membership: membership)
        #expect(relative.directory == "/sys/fs/cgroup/system.slice/runtime.service/c1")
        let defaulted = CgroupV2Manager(path: try CgroupPath(ociCgroupsPath: nil, containerID: "c1"), membership: membership)
        #expect(defaulted.directory == "/sys/fs/cgroup/vessel/c1")
    }

    @Test func detectsThisHostsMode() throws {
        let mode = try CgroupMode.detect()
        switch mode {
        case .unified(let mountPoint):
            #expect(mountPoint == "/sys/fs/cgroup")
        case .legacy(let hierarchies):
            #expect(hierarchies.contains { $0.controllers.contains("memory") })
            #expect(!hierarchies.contains { $0.mountPoint.hasSuffix("/unified") })
        }
    }
}
