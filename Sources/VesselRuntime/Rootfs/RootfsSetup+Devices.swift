#if canImport(Glibc)
import Glibc
#endif
import VesselOCISpec

extension RootfsSetup {
    /// The devices every container gets, as runc creates them.
    public static let defaultDevices: [LinuxDevice] = [
        LinuxDevice(path: "/dev/null", type: "c", major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0),
        LinuxDevice(path: "/dev/zero", type: "c", major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0),
        LinuxDevice(path: "/dev/full", type: "c", major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0),
        LinuxDevice(path: "/dev/random", type: "c", major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0),
        LinuxDevice(path: "/dev/urandom", type: "c", major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0),
        LinuxDevice(path: "/dev/tty", type: "c", major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0),
    ]

    /// Default devices then `linux.devices` (a spec entry for the same path wins), by mknod or, in a user
    /// namespace where mknod is refused, by bind-mounting the host node.
    func createDevices(spec: Spec, resolver: borrowing RootfsPathResolver) throws(RootfsError) {
        let specDevices = spec.linux?.devices ?? []
        let specPaths = Set(specDevices.map { RootfsPathResolver.join(RootfsPathResolver.components($0.path)) })
        let devices = RootfsSetup.defaultDevices.filter { !specPaths.contains($0.path) } + specDevices
        let bind = bindsDevices(spec)
        let previousMask = umask(0)
        defer { umask(previousMask) }
        for device in devices {
            if bind {
                try bindDevice(device, resolver: resolver)
            } else {
                try makeDevice(device, resolver: resolver)
            }
        }
    }

    private func makeDevice(_ device: LinuxDevice, resolver: borrowing RootfsPathResolver) throws(RootfsError) {
        let kind: UInt32
        switch device.type {
        case "c", "u": kind = S_IFCHR
        case "b": kind = S_IFBLK
        case "p": kind = S_IFIFO
        default:
            throw RootfsError.invalidMount(destination: device.path, reason: "unknown device type \"\(device.type)\"")
        }
        guard RootfsPathResolver.components(device.path).first == "dev" else {
            throw RootfsError.invalidMount(destination: device.path, reason: "devices must be under /dev")
        }
        let number = RootfsSyscall.makeDevice(
            major: UInt64(truncatingIfNeeded: device.major ?? 0), minor: UInt64(truncatingIfNeeded: device.minor ?? 0))
        let mode = kind | ((device.fileMode ?? 0o666) & 0o7777)
        let (parent, name) = try resolver.parentAndName(device.path)
        defer { close(parent) }
        var result = RootfsSyscall.retrying { mknodat(parent, name, mode, number) }
        if result == EEXIST {
            // Replace whatever the image left there: the node must have the spec's numbers.
            _ = RootfsSyscall.retrying { unlinkat(parent, name, 0) }
            result = RootfsSyscall.retrying { mknodat(parent, name, mode, number) }
        }
        guard result == 0 else { throw RootfsError.pathFailed(operation: "mknod", path: device.path, errno: result) }
        let owned = RootfsSyscall.retrying {
            fchownat(parent, name, device.uid ?? 0, device.gid ?? 0, AT_SYMLINK_NOFOLLOW)
        }
        guard owned == 0 else { throw RootfsError.pathFailed(operation: "chown", path: device.path, errno: owned) }
    }

    private func bindDevice(_ device: LinuxDevice, resolver: borrowing RootfsPathResolver) throws(RootfsError) {
        guard RootfsPathResolver.components(device.path).first == "dev" else {
            throw RootfsError.invalidMount(destination: device.path, reason: "devices must be under /dev")
        }
        let target = try resolver.ensure(device.path, kind: .file)
        defer { close(target) }
        let result = RootfsSyscall.mount(device.path, RootfsSyscall.procPath(target), "bind", UInt(MS_BIND), nil)
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: device.path, operation: "bind host device", errno: result)
        }
    }

    /// /dev/fd, /dev/std{in,out,err}, /dev/core (when the host has /proc/kcore) and /dev/ptmx -> pts/ptmx.
    func createDevSymlinks(resolver: borrowing RootfsPathResolver) throws(RootfsError) {
        var links: [(name: String, target: String)] = [
            ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
            ("stderr", "/proc/self/fd/2"),
        ]
        if access("/proc/kcore", F_OK) == 0 { links.append(("core", "/proc/kcore")) }
        let dev = try resolver.ensure("/dev", kind: .directory)
        defer { close(dev) }
        for link in links {
            let result = RootfsSyscall.retrying { symlinkat(link.target, dev, link.name) }
            guard result == 0 || result == EEXIST else {
                throw RootfsError.pathFailed(operation: "symlink", path: "/dev/" + link.name, errno: result)
            }
        }
        let removed = RootfsSyscall.retrying { unlinkat(dev, "ptmx", 0) }
        guard removed == 0 || removed == ENOENT else {
            throw RootfsError.pathFailed(operation: "remove", path: "/dev/ptmx", errno: removed)
        }
        let linked = RootfsSyscall.retrying { symlinkat("pts/ptmx", dev, "ptmx") }
        guard linked == 0 else { throw RootfsError.pathFailed(operation: "symlink", path: "/dev/ptmx", errno: linked) }
    }

    /// After `enterRootfs`: bind the terminal's slave (e.g. `/dev/pts/0` of the container's devpts) on /dev/console.
    public static func mountConsole(slavePath: String) throws(RootfsError) {
        let opened = RootfsSyscall.openat(AT_FDCWD, "/dev/console", flags: O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, mode: 0o600)
        if opened.fd >= 0 {
            close(opened.fd)
        } else if opened.errno != EEXIST {
            throw RootfsError.pathFailed(operation: "create", path: "/dev/console", errno: opened.errno)
        }
        let result = RootfsSyscall.mount(slavePath, "/dev/console", "bind", UInt(MS_BIND), nil)
        guard result == 0 else {
            throw RootfsError.mountFailed(destination: "/dev/console", operation: "bind \(slavePath)", errno: result)
        }
    }
}
