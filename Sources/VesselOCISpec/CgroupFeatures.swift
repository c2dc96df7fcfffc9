/// `linux.cgroup` of the features document.
public struct CgroupFeatures: Codable, Sendable, Equatable {
    public var v1: Bool?
    public var v2: Bool?
    public var systemd: Bool?
    public var systemdUser: Bool?

    public init(v1: Bool? = nil, v2: Bool? = nil, systemd: Bool? = nil, systemdUser: Bool? = nil) {
        self.v1 = v1
        self.v2 = v2
        self.systemd = systemd
        self.systemdUser = systemdUser
    }
}
