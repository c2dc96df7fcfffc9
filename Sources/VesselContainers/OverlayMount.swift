#if canImport(Glibc)
import Glibc
#endif

/// The container's root: an overlayfs of the image's snapshots (read-only lowers) and its own upper/work dirs.
enum OverlayMount {
    static func mount(lowers: [String], upper: String, work: String, target: String) throws {
        guard !lowers.isEmpty else { throw ContainerError(.invalidInput, "the image has no layers") }
        let options = "lowerdir=\(lowers.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
        guard options.utf8.count < 4000 else { throw ContainerError(.invalidInput, "too many layers for one overlay mount (\(lowers.count))") }
        guard Glibc.mount("overlay", target, "overlay", 0, options) == 0 else {
            throw ContainerError(.system, "cannot mount the container's overlay at \(target): \(String(cString: strerror(errno)))")
        }
    }

    /// Detaches the mount if there is one; an unmounted target is fine.
    static func unmount(_ target: String) {
        while umount2(target, Int32(MNT_DETACH)) == 0 {}
    }

    /// Whether `target` is a mount point (its device differs from its parent's).
    static func isMounted(_ target: String) -> Bool {
        var own = stat()
        var parent = stat()
        guard stat(target, &own) == 0, stat(target + "/..", &parent) == 0 else { return false }
        return own.st_dev != parent.st_dev
    }
}
