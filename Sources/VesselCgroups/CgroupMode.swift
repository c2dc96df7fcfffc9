import CVesselSys

/// How the host mounts cgroups.
public enum CgroupMode: Sendable, Hashable {
    /// Pure cgroup v2 at `mountPoint` (cgroup2 on /sys/fs/cgroup).
    case unified(mountPoint: String)
    /// cgroup v1, possibly hybrid (a controller-less cgroup2 beside it, which we ignore as runc does).
    case legacy(hierarchies: [CgroupV1Hierarchy])

    /// CGROUP2_SUPER_MAGIC.
    public static let cgroup2SuperMagic: UInt = 0x6367_7270

    /// statfs on `root`: cgroup2 → `.unified`; otherwise v1 hierarchies from `mountinfo`
    /// (/proc/self/mountinfo when nil).
    public static func detect(root: String = "/sys/fs/cgroup", mountinfo: String? = nil) throws(CgroupError) -> CgroupMode {
        let type = vessel_filesystem_type(root)
        guard type >= 0 else { throw .statfsFailed(path: root, errno: Int32(truncatingIfNeeded: -type)) }
        if UInt(type) == cgroup2SuperMagic {
            return .unified(mountPoint: root)
        }
        let text: String
        if let mountinfo { text = mountinfo } else { text = try CgroupFiles.read("/proc/self/mountinfo") }
        let hierarchies = CgroupV1Hierarchy.parse(mountinfo: text)
        guard !hierarchies.isEmpty else { throw .notMounted(root: root) }
        return .legacy(hierarchies: hierarchies)
    }
}
