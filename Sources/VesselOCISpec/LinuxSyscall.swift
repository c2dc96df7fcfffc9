/// One rule of `linux.seccomp.syscalls`.
public struct LinuxSyscall: Codable, Sendable, Equatable {
    public var names: [String]
    public var action: String
    public var errnoRet: UInt32?
    public var args: [LinuxSeccompArg]?

    public init(names: [String], action: String, errnoRet: UInt32? = nil, args: [LinuxSeccompArg]? = nil) {
        self.names = names
        self.action = action
        self.errnoRet = errnoRet
        self.args = args
    }
}
