/// One cgroup v1 hierarchy as the container sees it under /sys/fs/cgroup.
public struct RootfsCgroupHierarchy: Sendable, Equatable {
    /// Directory name under the cgroup mount, e.g. `cpu,cpuacct` or `systemd`.
    public var directoryName: String
    /// Mount data for a cgroup namespace mount, e.g. `cpu,cpuacct` or `none,name=systemd`.
    public var mountData: String
    /// The container's cgroup directory in this hierarchy on the host, bound when there is no cgroup namespace.
    public var hostPath: String
    /// Symlinks to create next to the directory, e.g. `cpu` and `cpuacct` for `cpu,cpuacct`.
    public var aliases: [String]

    public init(directoryName: String, mountData: String, hostPath: String, aliases: [String] = []) {
        self.directoryName = directoryName
        self.mountData = mountData
        self.hostPath = hostPath
        self.aliases = aliases
    }
}
