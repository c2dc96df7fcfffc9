import VesselOCISpec

/// Everything the container init needs, computed by the runtime before clone and sent over the sync channel.
struct InitConfiguration: Codable, Sendable {
    enum Mode: String, Codable, Sendable {
        /// `create`: set up the container, report ready, wait on the exec fifo, exec.
        case create
        /// `exec`: join a running container's namespaces, exec at once.
        case exec
    }

    struct NamespaceJoin: Codable, Sendable {
        var type: LinuxNamespaceType
        var path: String
    }

    var mode: Mode
    var spec: Spec
    var process: ProcessSpec
    var bundle: String
    var rootfs: String
    /// Namespaces to setns into, user first. PID is joined by the runtime before clone.
    var joins: [NamespaceJoin]
    /// cgroup v1 `tasks` files the init writes "0" to before anything else; empty when the runtime added it.
    var cgroupJoinFiles: [String]
    /// CLONE_NEW* flags the init must unshare itself (only when a user namespace is joined rather than created).
    var unshareFlags: UInt64
    var createdUserNamespace: Bool
    var consoleSocketFD: Int32?
    var execFIFOFD: Int32?
    var preserveFDs: Int32
    var createContainerHooks: [HookCommand]
    var startContainerHooks: [HookCommand]
    var stateJSON: [UInt8]
    var noPivot: Bool
}
