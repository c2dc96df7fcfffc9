/// Builds the right `CgroupManager` for the host.
public enum CgroupManagers {
    public static func make(path: CgroupPath, mode: CgroupMode, membership: CgroupMembership) -> any CgroupManager {
        switch mode {
        case .unified(let mountPoint):
            return CgroupV2Manager(path: path, mountPoint: mountPoint, membership: membership)
        case .legacy(let hierarchies):
            return CgroupV1Manager(path: path, hierarchies: hierarchies, membership: membership)
        }
    }

    /// Detects the host's mode and the caller's own cgroups, then maps OCI `linux.cgroupsPath`.
    public static func make(ociCgroupsPath: String?, containerID: String) throws(CgroupError) -> any CgroupManager {
        let path = try CgroupPath(ociCgroupsPath: ociCgroupsPath, containerID: containerID)
        return make(path: path, mode: try CgroupMode.detect(), membership: try CgroupMembership.current())
    }
}
