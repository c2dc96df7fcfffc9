#if canImport(Glibc)
import Glibc
#endif
import VesselOCISpec

extension RootfsSetup {
    /// Phase 3, inside the new root: root propagation, sysctls, readonlyPaths, maskedPaths, read-only root.
    /// Paths are now container paths, so plain path syscalls resolve inside the container.
    public func finalize(spec: Spec) throws(RootfsError) {
        if let name = spec.linux?.rootfsPropagation, !name.isEmpty {
            let result = RootfsSyscall.mount(nil, "/", nil, RootfsSetup.rootPropagationFlags(spec.linux), nil)
            guard result == 0 else {
                throw RootfsError.mountFailed(destination: "/", operation: "set propagation \(name)", errno: result)
            }
        }
        try RootfsSetup.writeSysctls(spec: spec)
        for path in spec.linux?.readonlyPaths ?? [] {
            try RootfsSetup.makeReadonly(path)
        }
        for path in spec.linux?.maskedPaths ?? [] {
            try RootfsSetup.mask(path)
        }
        if spec.root?.readonly == true {
            try RootfsSetup.remountRootReadonly()
        }
    }

    /// Bind the path onto itself and remount it read-only, keeping its other flags. Absent paths are skipped.
    static func makeReadonly(_ path: String) throws(RootfsError) {
        var result = RootfsSyscall.mount(path, path, nil, UInt(MS_BIND | MS_REC), nil)
        if result == ENOENT { return }
        guard result == 0 else { throw RootfsError.mountFailed(destination: path, operation: "bind for readonly", errno: result) }
        let opened = RootfsSyscall.openat(AT_FDCWD, path, flags: RootfsSyscall.openPath)
        let current = opened.fd >= 0 ? currentMountFlags(fd: opened.fd) : 0
        if opened.fd >= 0 { close(opened.fd) }
        let flags = UInt(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC) | current
        result = RootfsSyscall.mount(nil, path, nil, flags, nil)
        guard result == 0 else { throw RootfsError.mountFailed(destination: path, operation: "remount read-only", errno: result) }
    }

    /// Hide a path: /dev/null over files, an empty read-only tmpfs over directories. Absent paths are skipped.
    static func mask(_ path: String) throws(RootfsError) {
        var info = stat()
        let statted = RootfsSyscall.retrying { lstat(path, &info) }
        if statted == ENOENT { return }
        guard statted == 0 else { throw RootfsError.pathFailed(operation: "stat masked path", path: path, errno: statted) }
        let result: Int32
        if info.st_mode & S_IFMT == S_IFDIR {
            result = RootfsSyscall.mount("tmpfs", path, "tmpfs", UInt(MS_RDONLY), nil)
        } else {
            result = RootfsSyscall.mount("/dev/null", path, nil, UInt(MS_BIND), nil)
        }
        guard result == 0 || result == ENOENT else {
            throw RootfsError.mountFailed(destination: path, operation: "mask", errno: result)
        }
    }

    static func remountRootReadonly() throws(RootfsError) {
        var result = RootfsSyscall.mount(nil, "/", nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY), nil)
        if result == EPERM {
            let opened = RootfsSyscall.openat(AT_FDCWD, "/", flags: RootfsSyscall.openPath)
            let current = opened.fd >= 0 ? currentMountFlags(fd: opened.fd) : 0
            if opened.fd >= 0 { close(opened.fd) }
            result = RootfsSyscall.mount(nil, "/", nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY) | current, nil)
        }
        guard result == 0 else { throw RootfsError.mountFailed(destination: "/", operation: "remount read-only", errno: result) }
    }
}
