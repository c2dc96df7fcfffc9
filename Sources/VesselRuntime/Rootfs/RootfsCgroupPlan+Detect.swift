#if canImport(Glibc)
import Glibc
#endif

extension RootfsCgroupPlan {
    /// The plan for the calling process's own cgroups, from /proc/self/cgroup and /proc/self/mountinfo.
    /// Call it in the container's init after it joined its cgroups. A unified (v2-only) host gives `.v2`;
    /// a v1 or hybrid host gives `.v1` with every mounted v1 hierarchy.
    public static func detect() -> RootfsCgroupPlan {
        guard let text = RootfsMountTable.readSmallFile("/proc/self/cgroup") else { return .none }
        return plan(cgroupFile: text, mounts: RootfsMountTable.entries())
    }

    static func plan(cgroupFile: String, mounts: [RootfsMountTable.Entry]) -> RootfsCgroupPlan {
        var v1Lines: [(controllers: [String], path: String)] = []
        var unifiedPath: String?
        for line in cgroupFile.utf8.split(separator: UInt8(ascii: "\n")) {
            let parts = line.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(decoding: parts[2], as: UTF8.self)
            if parts[1].isEmpty {
                unifiedPath = path
            } else {
                v1Lines.append((parts[1].split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }, path))
            }
        }
        if v1Lines.isEmpty {
            guard let unifiedPath,
                  let mount = mounts.last(where: { $0.fsType == "cgroup2" }),
                  let hostPath = hostPath(mount: mount, cgroupPath: unifiedPath) else { return .none }
            return .v2(hostPath: hostPath)
        }
        var hierarchies: [RootfsCgroupHierarchy] = []
        for line in v1Lines {
            guard let mount = mounts.last(where: { entry in
                entry.fsType == "cgroup" && line.controllers.allSatisfy(entry.superOptions.contains)
            }), let hostPath = hostPath(mount: mount, cgroupPath: line.path) else { continue }
            let name = mount.mountPoint.split(separator: "/").last.map(String.init) ?? line.controllers.joined(separator: ",")
            let aliases = name.contains(",") ? name.split(separator: ",").map(String.init) : []
            hierarchies.append(RootfsCgroupHierarchy(
                directoryName: name, mountData: line.controllers.joined(separator: ","), hostPath: hostPath, aliases: aliases))
        }
        return .v1(hierarchies)
    }

    /// The mount shows the file system from `mount.root`; the process's cgroup must lie under it.
    private static func hostPath(mount: RootfsMountTable.Entry, cgroupPath: String) -> String? {
        let root = mount.root == "/" ? "" : mount.root
        guard cgroupPath == root || cgroupPath.hasPrefix(root + "/") || root.isEmpty else { return nil }
        let relative = cgroupPath.dropFirst(root.count)
        let base = mount.mountPoint == "/" ? "" : mount.mountPoint
        return relative.isEmpty || relative == "/" ? (base.isEmpty ? "/" : base) : base + relative
    }
}
