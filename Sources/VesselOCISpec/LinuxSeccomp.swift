/// `linux.seccomp`. Actions (`SCMP_ACT_*`), architectures (`SCMP_ARCH_*`) and flags stay strings here;
/// VesselSeccomp interprets them so an unknown one is reported where it is compiled.
public struct LinuxSeccomp: Codable, Sendable, Equatable {
    public var defaultAction: String
    public var defaultErrnoRet: UInt32?
    public var architectures: [String]?
    public var flags: [String]?
    public var listenerPath: String?
    public var listenerMetadata: String?
    public var syscalls: [LinuxSyscall]?

    public init(
        defaultAction: String, defaultErrnoRet: UInt32? = nil, architectures: [String]? = nil,
        flags: [String]? = nil, listenerPath: String? = nil, listenerMetadata: String? = nil,
        syscalls: [LinuxSyscall]? = nil
    ) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.flags = flags
        self.listenerPath = listenerPath
        self.listenerMetadata = listenerMetadata
        self.syscalls = syscalls
    }
}
