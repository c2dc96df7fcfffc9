/// `linux`: the Linux-specific part of the configuration.
public struct Linux: Codable, Sendable, Equatable {
    public var uidMappings: [LinuxIDMapping]?
    public var gidMappings: [LinuxIDMapping]?
    public var sysctl: [String: String]?
    public var resources: LinuxResources?
    public var cgroupsPath: String?
    public var namespaces: [LinuxNamespace]?
    public var devices: [LinuxDevice]?
    public var seccomp: LinuxSeccomp?
    public var rootfsPropagation: String?
    public var maskedPaths: [String]?
    public var readonlyPaths: [String]?
    public var mountLabel: String?
    public var personality: LinuxPersonality?
    public var timeOffsets: [String: LinuxTimeOffset]?
    public var intelRdt: LinuxIntelRdt?

    public init(
        uidMappings: [LinuxIDMapping]? = nil,
        gidMappings: [LinuxIDMapping]? = nil,
        sysctl: [String: String]? = nil,
        resources: LinuxResources? = nil,
        cgroupsPath: String? = nil,
        namespaces: [LinuxNamespace]? = nil,
        devices: [LinuxDevice]? = nil,
        seccomp: LinuxSeccomp? = nil,
        rootfsPropagation: String? = nil,
        maskedPaths: [String]? = nil,
        readonlyPaths: [String]? = nil,
        mountLabel: String? = nil,
        personality: LinuxPersonality? = nil,
        timeOffsets: [String: LinuxTimeOffset]? = nil,
        intelRdt: LinuxIntelRdt? = nil
    ) {
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
        self.sysctl = sysctl
        self.resources = resources
        self.cgroupsPath = cgroupsPath
        self.namespaces = namespaces
        self.devices = devices
        self.seccomp = seccomp
        self.rootfsPropagation = rootfsPropagation
        self.maskedPaths = maskedPaths
        self.readonlyPaths = readonlyPaths
        self.mountLabel = mountLabel
        self.personality = personality
        self.timeOffsets = timeOffsets
        self.intelRdt = intelRdt
    }
}
