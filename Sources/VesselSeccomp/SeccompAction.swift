/// What the kernel does when a filter matches a syscall.
public enum SeccompAction: Sendable, Hashable {
    /// SCMP_ACT_KILL / SCMP_ACT_KILL_THREAD: kill the calling thread.
    case killThread
    /// SCMP_ACT_KILL_PROCESS: kill the whole process with SIGSYS.
    case killProcess
    /// SCMP_ACT_TRAP: deliver SIGSYS to the caller.
    case trap
    /// SCMP_ACT_ERRNO: fail the syscall with this errno.
    case errno(UInt32)
    /// SCMP_ACT_TRACE: notify a ptrace tracer with this message value.
    case trace(UInt32)
    /// SCMP_ACT_ALLOW.
    case allow
    /// SCMP_ACT_LOG: allow and log.
    case log
    /// SCMP_ACT_NOTIFY: hand the syscall to the user-space listener (installing sets NEW_LISTENER).
    case notify

    /// errno used for SCMP_ACT_ERRNO and SCMP_ACT_TRACE when the profile gives no `errnoRet`, as runc does.
    public static let defaultErrnoReturn: UInt32 = 1

    /// Maps an OCI action name ("SCMP_ACT_*") and an optional `errnoRet`/`defaultErrnoRet` onto an action.
    public init?(ociName: String, errnoRet: UInt32? = nil) {
        switch ociName {
        case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": self = .killThread
        case "SCMP_ACT_KILL_PROCESS": self = .killProcess
        case "SCMP_ACT_TRAP": self = .trap
        case "SCMP_ACT_ERRNO": self = .errno(errnoRet ?? Self.defaultErrnoReturn)
        case "SCMP_ACT_TRACE": self = .trace(errnoRet ?? Self.defaultErrnoReturn)
        case "SCMP_ACT_ALLOW": self = .allow
        case "SCMP_ACT_LOG": self = .log
        case "SCMP_ACT_NOTIFY": self = .notify
        default: return nil
        }
    }

    /// Like `init?(ociName:errnoRet:)` but throws `SeccompError.unknownAction`.
    public static func parse(ociName: String, errnoRet: UInt32? = nil) throws(SeccompError) -> SeccompAction {
        guard let action = SeccompAction(ociName: ociName, errnoRet: errnoRet) else {
            throw .unknownAction(name: ociName)
        }
        return action
    }

    /// The 32-bit value a seccomp BPF program returns for this action.
    public func filterReturnValue() throws(SeccompError) -> UInt32 {
        switch self {
        case .killThread: return 0x0000_0000
        case .killProcess: return 0x8000_0000
        case .trap: return 0x0003_0000
        case .errno(let value):
            guard value <= 4095 else { throw .errnoOutOfRange(value: value) }
            return 0x0005_0000 | value
        case .trace(let value):
            guard value <= 0xffff else { throw .traceDataOutOfRange(value: value) }
            return 0x7ff0_0000 | value
        case .log: return 0x7ffc_0000
        case .allow: return 0x7fff_0000
        case .notify: return 0x7fc0_0000
        }
    }
}
