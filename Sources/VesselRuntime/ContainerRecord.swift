import VesselOCISpec
/// What the runtime persists per container in `<root>/<id>/state.json`.
public struct ContainerRecord: Codable, Sendable {
    public var ociVersion: String
    public var id: String
    /// `creating` until the init reported ready; afterwards `created` (the live status is derived).
    public var phase: ContainerStatus
    public var pid: Int32
    public var pidStartTime: UInt64
    public var bundle: String
    public var rootfs: String
    /// RFC 3339 with nanoseconds, as runc prints it.
    public var created: String
    public var annotations: [String: String]
    public var owner: String
    /// Cgroup path as given in the spec (relative to the hierarchy roots), or nil when none was managed.
    public var cgroupPath: String?
    /// From config.json at create, as runc keeps its config: `start` then needs no spec.
    public var poststartHooks: [HookCommand]?
    public var poststopHooks: [HookCommand]
    /// Set when the container has its own pid namespace: killing init then kills everything.
    public var ownsPIDNamespace: Bool

    public init(ociVersion: String, id: String, phase: ContainerStatus, pid: Int32, pidStartTime: UInt64,
                bundle: String, rootfs: String, created: String, annotations: [String: String], owner: String,
                cgroupPath: String?, poststartHooks: [HookCommand] = [], poststopHooks: [HookCommand], ownsPIDNamespace: Bool) {
        self.ociVersion = ociVersion
        self.id = id
        self.phase = phase
        self.pid = pid
        self.pidStartTime = pidStartTime
        self.bundle = bundle
        self.rootfs = rootfs
        self.created = created
        self.annotations = annotations
        self.owner = owner
        self.cgroupPath = cgroupPath
        self.poststartHooks = poststartHooks
        self.poststopHooks = poststopHooks
        self.ownsPIDNamespace = ownsPIDNamespace
    }
}
