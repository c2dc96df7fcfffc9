#if canImport(Glibc)
import Glibc
#endif

/// A failure while preparing the container's filesystem. `description` is one line naming the path and errno.
public enum RootfsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A mount(2) for a spec mount (or a mount Vessel adds) failed.
    case mountFailed(destination: String, operation: String, errno: Int32)
    /// A file system operation on a path failed (mkdir, mknod, open, symlink, ...).
    case pathFailed(operation: String, path: String, errno: Int32)
    /// The configuration asks for something unsafe or impossible.
    case invalidMount(destination: String, reason: String)
    /// A sysctl key is not allowed or could not be written.
    case sysctlFailed(key: String, reason: String)
    /// pivot_root, chroot or moving the root failed.
    case pivotFailed(step: String, errno: Int32)

    public var description: String {
        switch self {
        case .mountFailed(let destination, let operation, let errno):
            return "mount \(destination): \(operation): \(RootfsError.errnoText(errno))"
        case .pathFailed(let operation, let path, let errno):
            return "\(operation) \(path): \(RootfsError.errnoText(errno))"
        case .invalidMount(let destination, let reason):
            return "mount \(destination): \(reason)"
        case .sysctlFailed(let key, let reason):
            return "sysctl \(key): \(reason)"
        case .pivotFailed(let step, let errno):
            return "pivot root: \(step): \(RootfsError.errnoText(errno))"
        }
    }

    /// The errno a failure carries, when it carries one.
    public var errno: Int32? {
        switch self {
        case .mountFailed(_, _, let code), .pathFailed(_, _, let code), .pivotFailed(_, let code): return code
        case .invalidMount, .sysctlFailed: return nil
        }
    }

    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
