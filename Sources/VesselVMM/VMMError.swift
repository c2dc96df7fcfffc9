/// Why a machine could not be built or stopped abnormally. Each description is one line for the CLI.
public enum VMMError: Error, CustomStringConvertible, Sendable {
    case invalidConfiguration(String)
    case kernelUnavailable(path: String, reason: String)
    case initrdUnavailable(path: String, reason: String)
    case bootFailed(String)
    case kvmFailed(String)
    case hostCallFailed(call: String, errno: Int32)
    case guestFailure(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message):
            return message
        case let .kernelUnavailable(path, reason):
            return "kernel \(path): \(reason)"
        case let .initrdUnavailable(path, reason):
            return "initrd \(path): \(reason)"
        case let .bootFailed(message):
            return message
        case let .kvmFailed(message):
            return message
        case let .hostCallFailed(call, code):
            return "\(call) failed: \(VMMError.errnoText(code))"
        case let .guestFailure(message):
            return message
        }
    }

    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text) + " (errno \(code))"
    }
}

#if canImport(Glibc)
import Glibc
#endif
