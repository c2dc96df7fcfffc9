/// Everything that can go wrong while placing processes in cgroups and limiting them.
public enum CgroupError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPath(path: String, reason: String)
    case systemdPathUnsupported(path: String)
    case controllerNotMounted(controller: String)
    case notMounted(root: String)
    case statfsFailed(path: String, errno: Int32)
    case readFailed(file: String, errno: Int32)
    case writeFailed(file: String, value: String, errno: Int32)
    case missingFile(file: String, value: String)
    case mkdirFailed(path: String, errno: Int32)
    case removeFailed(path: String, errno: Int32)
    case malformedFile(file: String, content: String)
    case invalidResource(name: String, reason: String)
    case unsupportedResource(name: String, reason: String)
    case freezeTimedOut(path: String, state: String)
    case signalFailed(pid: Int32, errno: Int32)

    public var description: String {
        switch self {
        case .invalidPath(let path, let reason):
            return "invalid cgroup path '\(path)': \(reason)"
        case .systemdPathUnsupported(let path):
            return "cgroup path '\(path)' uses the systemd 'slice:prefix:name' syntax; the systemd cgroup driver is not supported"
        case .controllerNotMounted(let controller):
            return "cgroup v1 controller '\(controller)' is not mounted"
        case .notMounted(let root):
            return "no cgroup filesystem is mounted at \(root)"
        case .statfsFailed(let path, let errno):
            return "statfs(\(path)) failed with errno \(errno)"
        case .readFailed(let file, let errno):
            return "cannot read cgroup file \(file): errno \(errno)"
        case .writeFailed(let file, let value, let errno):
            return "cannot write '\(value)' to cgroup file \(file): errno \(errno)"
        case .missingFile(let file, let value):
            return "cannot write '\(value)': cgroup file \(file) does not exist (controller unavailable or not enabled)"
        case .mkdirFailed(let path, let errno):
            return "cannot create cgroup directory \(path): errno \(errno)"
        case .removeFailed(let path, let errno):
            return "cannot remove cgroup directory \(path): errno \(errno)"
        case .malformedFile(let file, let content):
            return "unexpected content in cgroup file \(file): '\(content.prefix(80))'"
        case .invalidResource(let name, let reason):
            return "invalid cgroup resource \(name): \(reason)"
        case .unsupportedResource(let name, let reason):
            return "unsupported cgroup resource \(name): \(reason)"
        case .freezeTimedOut(let path, let state):
            return "cgroup \(path) did not freeze in time (state \(state))"
        case .signalFailed(let pid, let errno):
            return "cannot signal process \(pid) in cgroup: errno \(errno)"
        }
    }
}
