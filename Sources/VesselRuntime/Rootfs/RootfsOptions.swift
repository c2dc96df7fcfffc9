/// Runtime choices for preparing the root file system that are not in config.json.
public struct RootfsOptions: Sendable, Equatable {
    /// `--no-pivot`: move the root with MS_MOVE and chroot instead of pivot_root (for ramfs roots).
    public var noPivot: Bool
    /// What to do with `cgroup` mounts.
    public var cgroup: RootfsCgroupPlan
    /// Bind-mount device nodes from the host instead of mknod. Nil: do so when the spec asks for a user namespace.
    public var bindDevices: Bool?

    public init(noPivot: Bool = false, cgroup: RootfsCgroupPlan = .none, bindDevices: Bool? = nil) {
        self.noPivot = noPivot
        self.cgroup = cgroup
        self.bindDevices = bindDevices
    }
}
