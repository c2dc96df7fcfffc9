/// How to mount a spec mount of type `cgroup`. The lifecycle code builds it once the init process sits in
/// its cgroups (or calls `RootfsCgroupPlan.detect()` from inside them).
public enum RootfsCgroupPlan: Sendable, Equatable {
    /// Skip cgroup mounts (the mount point is still created).
    case none
    /// cgroup v1: a tmpfs at the destination with one directory per hierarchy.
    case v1([RootfsCgroupHierarchy])
    /// cgroup v2: mount cgroup2 (needs a cgroup namespace), else bind `hostPath`, the container's cgroup directory.
    case v2(hostPath: String)
}
