#if canImport(Glibc)
import Glibc
#endif
import VesselOCISpec

extension RootfsSetup {
    /// A `cgroup` spec mount. v1: tmpfs plus one directory per hierarchy, each the container's own cgroup
    /// (a cgroup namespace mount, else a bind of its host directory), then read-only if asked. v2: cgroup2.
    func mountCgroup(
        _ mount: Mount, parsed: RootfsMountOptions, spec: Spec, resolver: borrowing RootfsPathResolver
    ) throws(RootfsError) {
        let destination = mount.destination
        let hasCgroupNamespace = spec.linux?.namespaces?.contains { $0.type == .cgroup } ?? false
        let target = try resolver.ensure(destination, kind: .directory)
        let targetPath = RootfsSyscall.procPath(target)
        defer { close(target) }

        switch options.cgroup {
        case .none:
            return
        case .v2(let hostPath):
            // Outside a cgroup namespace a cgroup2 mount would show the host's whole tree: bind our own directory.
            var result = hasCgroupNamespace
                ? RootfsSyscall.mount("cgroup2", targetPath, "cgroup2", parsed.flags, parsed.dataString) : EPERM
            if result == EPERM || result == EBUSY {
                result = RootfsSyscall.mount(hostPath, targetPath, nil, UInt(MS_BIND | MS_REC), nil)
                if result == 0, parsed.remountFlags != 0 {
                    try remountBind(destination, resolver: resolver, flags: parsed.remountFlags, cleared: parsed.clearedFlags)
                }
            }
            guard result == 0 else {
                throw RootfsError.mountFailed(destination: destination, operation: "mount cgroup2", errno: result)
            }
        case .v1(let hierarchies):
            let tmpfsFlags = parsed.flags & ~UInt(MS_RDONLY)
            let mounted = RootfsSyscall.mount("tmpfs", targetPath, "tmpfs", tmpfsFlags, "mode=755")
            guard mounted == 0 else {
                throw RootfsError.mountFailed(destination: destination, operation: "mount tmpfs for cgroups", errno: mounted)
            }
            for hierarchy in hierarchies {
                try mountHierarchy(
                    hierarchy, under: destination, parsed: parsed, cgroupNamespace: hasCgroupNamespace, resolver: resolver)
            }
            if parsed.flags & UInt(MS_RDONLY) != 0 {
                let top = resolver.resolve(destination)
                guard top.fd >= 0 else {
                    throw RootfsError.pathFailed(operation: "resolve in rootfs", path: destination, errno: top.errno)
                }
                let result = RootfsSyscall.mount(
                    nil, RootfsSyscall.procPath(top.fd), nil, UInt(MS_REMOUNT) | tmpfsFlags | UInt(MS_RDONLY), "mode=755")
                close(top.fd)
                guard result == 0 else {
                    throw RootfsError.mountFailed(destination: destination, operation: "remount cgroup tmpfs read-only", errno: result)
                }
            }
        }
        try applyPropagation(parsed.propagation, destination: destination, resolver: resolver)
    }

    private func mountHierarchy(
        _ hierarchy: RootfsCgroupHierarchy, under destination: String, parsed: RootfsMountOptions,
        cgroupNamespace: Bool, resolver: borrowing RootfsPathResolver
    ) throws(RootfsError) {
        guard !hierarchy.directoryName.isEmpty, !hierarchy.directoryName.contains("/") else {
            throw RootfsError.invalidMount(destination: destination, reason: "bad cgroup directory \"\(hierarchy.directoryName)\"")
        }
        let path = destination + "/" + hierarchy.directoryName
        let directory = try resolver.ensure(path, kind: .directory)
        let directoryPath = RootfsSyscall.procPath(directory)
        var result: Int32
        if cgroupNamespace {
            result = RootfsSyscall.mount("cgroup", directoryPath, "cgroup", parsed.flags, hierarchy.mountData)
        } else {
            result = EPERM
        }
        if result != 0 {
            result = RootfsSyscall.mount(hierarchy.hostPath, directoryPath, nil, UInt(MS_BIND | MS_REC), nil)
            if result == 0, parsed.remountFlags != 0 {
                close(directory)
                try remountBind(path, resolver: resolver, flags: parsed.remountFlags, cleared: parsed.clearedFlags)
                try linkAliases(hierarchy, under: destination, resolver: resolver)
                return
            }
        }
        close(directory)
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: path, operation: "mount cgroup \(hierarchy.mountData)", errno: result)
        }
        try linkAliases(hierarchy, under: destination, resolver: resolver)
    }

    private func linkAliases(
        _ hierarchy: RootfsCgroupHierarchy, under destination: String, resolver: borrowing RootfsPathResolver
    ) throws(RootfsError) {
        for alias in hierarchy.aliases where alias != hierarchy.directoryName && !alias.contains("/") {
            let (parent, name) = try resolver.parentAndName(destination + "/" + alias)
            let result = RootfsSyscall.retrying { symlinkat(hierarchy.directoryName, parent, name) }
            close(parent)
            guard result == 0 || result == EEXIST else {
                throw RootfsError.pathFailed(operation: "symlink", path: destination + "/" + alias, errno: result)
            }
        }
    }
}
