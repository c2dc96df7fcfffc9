/// `linux` of the features document.
public struct LinuxFeatures: Codable, Sendable, Equatable {
    public var namespaces: [String]?
    public var capabilities: [String]?
    public var cgroup: CgroupFeatures?
    public var seccomp: SeccompFeatures?
    public var apparmor: EnabledFeature?
    public var selinux: EnabledFeature?

    public init(
        namespaces: [String]? = nil, capabilities: [String]? = nil, cgroup: CgroupFeatures? = nil,
        seccomp: SeccompFeatures? = nil, apparmor: EnabledFeature? = nil, selinux: EnabledFeature? = nil
    ) {
        self.namespaces = namespaces
        self.capabilities = capabilities
        self.cgroup = cgroup
        self.seccomp = seccomp
        self.apparmor = apparmor
        self.selinux = selinux
    }
}
