#if canImport(Glibc)
import Glibc
#endif
import VesselOCISpec

extension RootfsSetup {
    /// Phase 1. Returns the rootfs host path to pass to `enterRootfs`.
    public func mountRootfs(spec: Spec, bundlePath: String) throws(RootfsError) -> String {
        let rootfs = try RootfsSetup.rootfsPath(spec: spec, bundlePath: bundlePath)
        guard RootfsSetup.inPrivateMountNamespace() else {
            throw RootfsError.invalidMount(
                destination: "/", reason: "refusing to prepare the rootfs in the host's mount namespace")
        }
        let propagation = RootfsSetup.rootPropagationFlags(spec.linux)
        let propagated = RootfsSyscall.mount(nil, "/", nil, propagation, nil)
        guard propagated == 0 else {
            throw RootfsError.mountFailed(destination: "/", operation: "set root propagation", errno: propagated)
        }
        try makeParentMountPrivate(of: rootfs)
        let bound = RootfsSyscall.mount(rootfs, rootfs, "bind", UInt(MS_BIND | MS_REC), nil)
        guard bound == 0 else {
            throw RootfsError.mountFailed(destination: rootfs, operation: "bind rootfs onto itself", errno: bound)
        }

        let resolver = try RootfsPathResolver(rootPath: rootfs)
        for mount in spec.mounts ?? [] {
            try perform(mount, spec: spec, bundlePath: bundlePath, resolver: resolver)
        }
        let devIsBound = (spec.mounts ?? []).contains { mount in
            RootfsPathResolver.components(mount.destination) == ["dev"]
                && (mount.type == "bind" || RootfsMountOptions(mount.options ?? []).isBind)
        }
        if !devIsBound {
            try createDevices(spec: spec, resolver: resolver)
            try createDevSymlinks(resolver: resolver)
        }
        return rootfs
    }

    /// Everything below changes mounts; doing it in the runtime's own namespace would damage the host. The
    /// parent (the runtime) is the reference; in a new pid namespace the parent is invisible (ppid 0), so pid 1
    /// of the proc instance we still see is. When neither can be read (no privilege) trust the caller.
    static func inPrivateMountNamespace() -> Bool {
        var own = stat()
        var reference = stat()
        let parent = getppid()
        let referencePath = parent > 0 ? "/proc/\(parent)/ns/mnt" : "/proc/1/ns/mnt"
        guard stat("/proc/self/ns/mnt", &own) == 0, stat(referencePath, &reference) == 0 else { return true }
        return own.st_ino != reference.st_ino || own.st_dev != reference.st_dev
    }

    /// pivot_root refuses a new root whose parent mount is shared; runc makes that parent private.
    func makeParentMountPrivate(of rootfs: String) throws(RootfsError) {
        guard let parent = RootfsMountTable.mountPoint(containing: rootfs) else { return }
        let result = RootfsSyscall.mount(nil, parent, nil, UInt(MS_PRIVATE), nil)
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: parent, operation: "make rootfs parent private", errno: result)
        }
    }

    func perform(_ mount: Mount, spec: Spec, bundlePath: String, resolver: borrowing RootfsPathResolver) throws(RootfsError) {
        let destination = mount.destination
        guard destination.hasPrefix("/") else {
            throw RootfsError.invalidMount(destination: destination, reason: "destination must be an absolute path")
        }
        try RootfsSetup.checkProcDestination(mount)
        let parsed = RootfsMountOptions(mount.options ?? [])
        let type = mount.type ?? ""
        if type == "bind" || parsed.isBind {
            try bindMount(mount, parsed: parsed, bundlePath: bundlePath, resolver: resolver)
            return
        }
        if type == "cgroup" {
            try mountCgroup(mount, parsed: parsed, spec: spec, resolver: resolver)
            return
        }
        let target = try resolver.ensure(destination, kind: .directory)
        defer { close(target) }
        let source = mount.source ?? type
        var result = RootfsSyscall.mount(source, RootfsSyscall.procPath(target), type, parsed.flags, parsed.dataString)
        if result == EPERM && type == "sysfs" {
            // Without a network namespace of its own, sysfs cannot be mounted; runc binds the host's instead.
            result = RootfsSyscall.mount("/sys", RootfsSyscall.procPath(target), nil, UInt(MS_BIND | MS_REC), nil)
            if result == 0, parsed.remountFlags != 0 {
                try remountBind(destination, resolver: resolver, flags: parsed.remountFlags, cleared: parsed.clearedFlags)
            }
        }
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: destination, operation: "mount \(type) from \(source)", errno: result)
        }
        try applyPropagation(parsed.propagation, destination: destination, resolver: resolver)
    }

    func bindMount(
        _ mount: Mount, parsed: RootfsMountOptions, bundlePath: String, resolver: borrowing RootfsPathResolver
    ) throws(RootfsError) {
        let destination = mount.destination
        guard let rawSource = mount.source, !rawSource.isEmpty else {
            throw RootfsError.invalidMount(destination: destination, reason: "bind mount without a source")
        }
        let source = rawSource.hasPrefix("/") ? rawSource : bundlePath + "/" + rawSource
        var info = stat()
        let statted = RootfsSyscall.retrying { stat(source, &info) }
        guard statted == 0 else {
            throw RootfsError.pathFailed(operation: "stat bind source for \(destination):", path: source, errno: statted)
        }
        let kind: RootfsPathResolver.Kind = (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
        let target = try resolver.ensure(destination, kind: kind)
        let bindFlags = UInt(MS_BIND) | (parsed.isRecursive ? UInt(MS_REC) : 0)
        let result = RootfsSyscall.mount(source, RootfsSyscall.procPath(target), nil, bindFlags, nil)
        close(target)
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: destination, operation: "bind \(source)", errno: result)
        }
        if parsed.remountFlags != 0 {
            try remountBind(destination, resolver: resolver, flags: parsed.remountFlags, cleared: parsed.clearedFlags)
        }
        try applyPropagation(parsed.propagation, destination: destination, resolver: resolver)
    }

    /// A bind mount takes its flags only from a second MS_REMOUNT call. Flags locked by a user namespace
    /// (nosuid, nodev, noexec, atime) cannot be cleared, so on EPERM retry keeping the mount's current ones.
    func remountBind(_ destination: String, resolver: borrowing RootfsPathResolver, flags: UInt, cleared: UInt) throws(RootfsError) {
        let resolved = resolver.resolve(destination)
        guard resolved.fd >= 0 else {
            throw RootfsError.pathFailed(operation: "resolve in rootfs", path: destination, errno: resolved.errno)
        }
        defer { close(resolved.fd) }
        let path = RootfsSyscall.procPath(resolved.fd)
        var result = RootfsSyscall.mount(nil, path, nil, UInt(MS_REMOUNT | MS_BIND) | flags, nil)
        if result == EPERM {
            let locked = RootfsSetup.currentMountFlags(fd: resolved.fd) & ~cleared
            result = RootfsSyscall.mount(nil, path, nil, UInt(MS_REMOUNT | MS_BIND) | flags | locked, nil)
        }
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: destination, operation: "remount with options", errno: result)
        }
    }

    func applyPropagation(_ propagation: UInt, destination: String, resolver: borrowing RootfsPathResolver) throws(RootfsError) {
        guard propagation != 0 else { return }
        let resolved = resolver.resolve(destination)
        guard resolved.fd >= 0 else {
            throw RootfsError.pathFailed(operation: "resolve in rootfs", path: destination, errno: resolved.errno)
        }
        defer { close(resolved.fd) }
        let result = RootfsSyscall.mount(nil, RootfsSyscall.procPath(resolved.fd), nil, propagation, nil)
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: destination, operation: "set propagation", errno: result)
        }
    }

    /// The MS_* flags a mount currently has, from statvfs, for flags a user namespace locks.
    static func currentMountFlags(fd: Int32) -> UInt {
        var info = statvfs()
        guard fstatvfs(fd, &info) == 0 else { return 0 }
        let table: [(UInt, Int)] = [
            (RootfsSyscall.statNoSuid, MS_NOSUID), (RootfsSyscall.statNoDev, MS_NODEV),
            (RootfsSyscall.statNoExec, MS_NOEXEC), (RootfsSyscall.statNoAtime, MS_NOATIME),
            (RootfsSyscall.statNoDiratime, MS_NODIRATIME), (RootfsSyscall.statRelatime, MS_RELATIME),
            (RootfsSyscall.statReadOnly, MS_RDONLY),
        ]
        var flags: UInt = 0
        for (bit, flag) in table where info.f_flag & bit != 0 { flags |= UInt(flag) }
        return flags
    }

    /// Mounting over /proc entries could hide what maskedPaths protects; like runc, allow only /proc itself
    /// (as proc) and the files lxcfs-style tools replace.
    static func checkProcDestination(_ mount: Mount) throws(RootfsError) {
        let parts = RootfsPathResolver.components(mount.destination)
        guard parts.first == "proc" else { return }
        if parts.count == 1 {
            guard mount.type == "proc" || mount.type == nil && mount.source == "proc" else {
                throw RootfsError.invalidMount(
                    destination: mount.destination, reason: "only a proc file system may be mounted on /proc")
            }
            return
        }
        let allowed: Set<String> = [
            "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat", "/proc/swaps", "/proc/uptime",
            "/proc/loadavg", "/proc/slabinfo", "/proc/net/dev", "/proc/sys/kernel/ns_last_pid",
        ]
        guard allowed.contains(RootfsPathResolver.join(parts)) else {
            throw RootfsError.invalidMount(
                destination: mount.destination, reason: "mounts over /proc entries are not allowed")
        }
    }
}
