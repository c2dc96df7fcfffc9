import VesselOCISpec

/// Everything the container init needs, computed by the runtime before clone and sent over the sync channel:
/// this value as JSON, then the bundle's config.json bytes as they are, which the init decodes into `spec`
/// (decoding them again costs less than encoding the decoded spec).
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
    /// Not in the JSON: decoded by the init from the config.json bytes that follow it.
    var spec = Spec(ociVersion: "")
    /// The process to run: the spec's for create, `execProcess` for exec. Not in the JSON.
    var process = ProcessSpec(user: ProcessUser(uid: 0, gid: 0), cwd: "/")
    /// exec only: the process.json or the container's process with the command line's changes.
    var execProcess: ProcessSpec?
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

    enum CodingKeys: String, CodingKey {
        case mode, execProcess, bundle, rootfs, joins, cgroupJoinFiles, unshareFlags, createdUserNamespace
        case consoleSocketFD, execFIFOFD, preserveFDs, createContainerHooks, startContainerHooks, stateJSON, noPivot
    }

    /// Fills `spec` and `process` from the config.json bytes the runtime sent after this value.
    mutating func attach(specDocument bytes: [UInt8]) throws {
        do {
            spec = try Spec.decode(bytes, name: "config.json")
        } catch {
            throw RuntimeError.invalidSpec(error.description)
        }
        guard let chosen = execProcess ?? spec.process else { throw RuntimeError.invalidSpec("config.json: process is required") }
        process = chosen
    }
}
