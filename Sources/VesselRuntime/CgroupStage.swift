import VesselOCISpec

/// The seam between the runtime and VesselCgroups: maps OCI resources and paths onto the cgroup managers.
enum CgroupStage {
    /// Returns the path to record in the state, or nil when no cgroup is managed.
    static func resolvePath(spec: Spec, id: String) throws -> String? { nil }
    static func create(path: String, resources: LinuxResources?) throws {}
    static func add(pid: Int32, path: String) throws {}
    static func destroy(path: String) {}
    static func processes(path: String) -> [Int32] { [] }
    static func freeze(path: String) throws {}
    static func thaw(path: String) throws {}
    static func isFrozen(cgroupPath: String) -> Bool { false }
}
