/// One rule of `linux.resources.devices` (the device cgroup allow/deny list).
public struct LinuxDeviceCgroup: Codable, Sendable, Equatable {
    public var allow: Bool
    /// `a` (all), `c` or `b`; absent means all.
    public var type: String?
    public var major: Int64?
    public var minor: Int64?
    /// Any combination of `r`, `w`, `m`.
    public var access: String?

    public init(allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil) {
        self.allow = allow
        self.type = type
        self.major = major
        self.minor = minor
        self.access = access
    }
}
