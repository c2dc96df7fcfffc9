#if canImport(Glibc)
import Glibc
#endif
internal import CVesselSys

extension RootfsSetup {
    /// Phase 2: make `rootfsPath` the process's root and cwd `/`; the host tree is no longer reachable.
    public func enterRootfs(rootfsPath: String) throws(RootfsError) {
        if options.noPivot {
            try RootfsSetup.moveRoot(rootfsPath)
        } else {
            try RootfsSetup.pivotRoot(rootfsPath)
        }
    }

    /// pivot_root(".", ".") stacks the old root on top of the new one at "/"; detaching it leaves only the
    /// container's tree, with no temporary directory inside the rootfs.
    static func pivotRoot(_ rootfs: String) throws(RootfsError) {
        let oldRoot = RootfsSyscall.openat(AT_FDCWD, "/", flags: O_DIRECTORY | O_RDONLY)
        guard oldRoot.fd >= 0 else { throw RootfsError.pivotFailed(step: "open /", errno: oldRoot.errno) }
        defer { close(oldRoot.fd) }
        let newRoot = RootfsSyscall.openat(AT_FDCWD, rootfs, flags: O_DIRECTORY | O_RDONLY)
        guard newRoot.fd >= 0 else { throw RootfsError.pivotFailed(step: "open \(rootfs)", errno: newRoot.errno) }
        defer { close(newRoot.fd) }

        var result = RootfsSyscall.retrying { fchdir(newRoot.fd) }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "chdir \(rootfs)", errno: result) }
        result = RootfsSyscall.retrying { vessel_pivot_root(".", ".") }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "pivot_root \(rootfs)", errno: result) }
        result = RootfsSyscall.retrying { fchdir(oldRoot.fd) }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "chdir to old root", errno: result) }
        // The old root may be shared with the host; make it a slave so the detach does not propagate back.
        result = RootfsSyscall.mount(nil, ".", nil, UInt(MS_SLAVE | MS_REC), nil)
        guard result == 0 else { throw RootfsError.pivotFailed(step: "make old root slave", errno: result) }
        result = RootfsSyscall.retrying { umount2(".", Int32(MNT_DETACH)) }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "detach old root", errno: result) }
        result = RootfsSyscall.retrying { chdir("/") }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "chdir /", errno: result) }
    }

    /// `--no-pivot`: move the rootfs mount over "/" and chroot into it (works on ramfs, where pivot_root does not).
    static func moveRoot(_ rootfs: String) throws(RootfsError) {
        var result = RootfsSyscall.retrying { chdir(rootfs) }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "chdir \(rootfs)", errno: result) }
        result = RootfsSyscall.mount(rootfs, "/", nil, UInt(MS_MOVE), nil)
        guard result == 0 else { throw RootfsError.pivotFailed(step: "move \(rootfs) to /", errno: result) }
        result = RootfsSyscall.retrying { chroot(".") }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "chroot", errno: result) }
        result = RootfsSyscall.retrying { chdir("/") }
        guard result == 0 else { throw RootfsError.pivotFailed(step: "chdir /", errno: result) }
    }
}
