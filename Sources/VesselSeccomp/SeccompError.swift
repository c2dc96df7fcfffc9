/// Everything that can go wrong while building, compiling or installing a seccomp filter.
public enum SeccompError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSyscall(name: String)
    case unknownAction(name: String)
    case unknownOperator(name: String)
    case unknownArchitecture(name: String)
    case unknownFlag(name: String)
    case argumentIndexOutOfRange(syscall: String, index: Int)
    case errnoOutOfRange(value: UInt32)
    case traceDataOutOfRange(value: UInt32)
    case programTooLong(instructions: Int, limit: Int)
    case installFailed(errno: Int32)
    case noNewPrivilegesFailed(errno: Int32)
    case internalJumpBackwards(fromInstruction: Int)

    public var description: String {
        switch self {
        case .unknownSyscall(let name):
            return "unknown syscall name '\(name)'"
        case .unknownAction(let name):
            return "unknown seccomp action '\(name)'"
        case .unknownOperator(let name):
            return "unknown seccomp operator '\(name)'"
        case .unknownArchitecture(let name):
            return "unknown seccomp architecture '\(name)'"
        case .unknownFlag(let name):
            return "unknown seccomp filter flag '\(name)'"
        case .argumentIndexOutOfRange(let syscall, let index):
            return "seccomp argument index \(index) for syscall '\(syscall)' is out of range 0-5"
        case .errnoOutOfRange(let value):
            return "seccomp errno return value \(value) exceeds the maximum errno 4095"
        case .traceDataOutOfRange(let value):
            return "seccomp trace return value \(value) exceeds 16 bits"
        case .programTooLong(let instructions, let limit):
            return "seccomp program has \(instructions) BPF instructions, more than the kernel limit of \(limit)"
        case .installFailed(let errno):
            return "seccomp(SECCOMP_SET_MODE_FILTER) failed with errno \(errno)"
        case .noNewPrivilegesFailed(let errno):
            return "prctl(PR_SET_NO_NEW_PRIVS) failed with errno \(errno)"
        case .internalJumpBackwards(let fromInstruction):
            return "seccomp compiler produced a backward jump at instruction \(fromInstruction)"
        }
    }
}
