import VesselOCISpec

/// How the spec's namespaces become clone flags, setns joins and unshare calls.
struct NamespacePlan {
    var cloneFlags: UInt64 = 0
    var unshareFlags: UInt64 = 0
    var joins: [InitConfiguration.NamespaceJoin] = []
    var pidJoinPath: String?
    var createsUserNamespace = false
    var ownsPIDNamespace = false

    init(spec: Spec) throws {
        let namespaces = spec.linux?.namespaces ?? []
        let userJoined = namespaces.contains { $0.type == .user && $0.path != nil }
        var newFlags: UInt64 = 0
        for namespace in namespaces {
            if let path = namespace.path, !path.isEmpty {
                guard SystemCall.fileExists(path) else {
                    throw RuntimeError.invalidSpec("namespace \(namespace.type.rawValue) path \(path) does not exist")
                }
                if namespace.type == .pid { pidJoinPath = path }
            } else {
                newFlags |= NamespaceFlags.cloneFlag(namespace.type)
                if namespace.type == .user { createsUserNamespace = true }
                if namespace.type == .pid { ownsPIDNamespace = true }
            }
        }
        for type in NamespaceFlags.joinOrder {
            if let path = namespaces.first(where: { $0.type == type })?.path, !path.isEmpty {
                joins.append(.init(type: type, path: path))
            }
        }
        if userJoined {
            // New namespaces must belong to the joined user namespace, so the init unshares them after setns.
            if newFlags & NamespaceFlags.cloneFlag(.pid) != 0 {
                throw RuntimeError.unsupported("a new pid namespace inside a joined user namespace")
            }
            unshareFlags = newFlags
        } else {
            // The init unshares its cgroup namespace only after the runtime has moved it into its cgroup,
            // so the namespace is rooted at the container's cgroup rather than the runtime's.
            let cgroupFlag = NamespaceFlags.cloneFlag(.cgroup)
            cloneFlags = newFlags & ~cgroupFlag
            unshareFlags = newFlags & cgroupFlag
        }
    }
}
