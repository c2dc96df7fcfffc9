import Glibc
import VesselOCISpec

/// Every failure the runtime reports. `description` is one line meant for the user (and runc's JSON log).
public enum RuntimeError: Error, CustomStringConvertible, Sendable {
    case containerDoesNotExist(id: String)
    case containerAlreadyExists(id: String)
    case invalidContainerID(id: String, reason: String)
    case containerNotRunning(id: String)
    case containerNotCreated(id: String, status: ContainerStatus)
    case containerNotStopped(id: String, status: ContainerStatus)
    case containerNotPaused(id: String)
    case invalidSpec(String)
    case unsupported(String)
    case invalidArgument(String)
    case systemCall(name: String, context: String, errno: Int32)
    case hookFailed(kind: String, path: String, reason: String)
    case childFailed(stage: String, message: String)
    case corruptState(id: String, reason: String)
    case cgroup(String)
    case seccomp(String)
    case rootfs(String)

    public var description: String {
        switch self {
        case .containerDoesNotExist(let id):
            return "container \"\(id)\" does not exist"
        case .containerAlreadyExists(let id):
            return "container with id exists: \(id)"
        case .invalidContainerID(let id, let reason):
            return "invalid container id \"\(id)\": \(reason)"
        case .containerNotRunning(let id):
            return "container \(id) is not running: container not running"
        case .containerNotCreated(let id, let status):
            return "cannot start container \(id): container is \(status.rawValue), not created"
        case .containerNotStopped(let id, let status):
            return "cannot delete container \(id) that is not stopped: \(status.rawValue)"
        case .containerNotPaused(let id):
            return "container \(id) is not paused"
        case .invalidSpec(let reason):
            return "invalid OCI spec: \(reason)"
        case .unsupported(let what):
            return "unsupported: \(what)"
        case .invalidArgument(let reason):
            return reason
        case .systemCall(let name, let context, let code):
            let reason = String(cString: strerror(code))
            return context.isEmpty ? "\(name): \(reason)" : "\(name) \(context): \(reason)"
        case .hookFailed(let kind, let path, let reason):
            return "\(kind) hook \(path) failed: \(reason)"
        case .childFailed(let stage, let message):
            return "container init failed during \(stage): \(message)"
        case .corruptState(let id, let reason):
            return "state of container \(id) is unreadable: \(reason)"
        case .cgroup(let reason):
            return "cgroup: \(reason)"
        case .seccomp(let reason):
            return "seccomp: \(reason)"
        case .rootfs(let reason):
            return "rootfs: \(reason)"
        }
    }
}
