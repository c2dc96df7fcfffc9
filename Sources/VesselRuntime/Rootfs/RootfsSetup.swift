#if canImport(Glibc)
import Glibc
#endif
import VesselOCISpec
internal import CVesselSys

/// Prepares the container's root file system as runc does. Runs in the container's init process, inside
/// its new mount namespace, before exec: synchronous, single-threaded, syscalls only (no Foundation).
///
/// Phases, for callers that run hooks in between:
/// 1. `mountRootfs(spec:bundlePath:)`: propagation, rootfs self-bind, spec mounts in order, /dev.
/// 2. `enterRootfs(rootfsPath:)`: pivot_root (or MS_MOVE + chroot with `noPivot`).
/// 3. `finalize(spec:)`: sysctls, readonlyPaths, maskedPaths, read-only root, root propagation.
/// `prepare(spec:bundlePath:)` runs all three. `mountConsole(slavePath:)` is for after phase 2.
public struct RootfsSetup: Sendable {
    public var options: RootfsOptions

    public init(options: RootfsOptions = RootfsOptions()) {
        self.options = options
    }

    /// All phases: on return the process's root is the container's, fully set up.
    public func prepare(spec: Spec, bundlePath: String) throws(RootfsError) {
        let rootfs = try mountRootfs(spec: spec, bundlePath: bundlePath)
        try enterRootfs(rootfsPath: rootfs)
        try finalize(spec: spec)
    }

    /// All phases with the runtime's work in between: `beforePivot` runs after the mounts and /dev exist
    /// (createContainer hooks), `afterPivot` inside the new root before it is sealed (allocate the pty from the
    /// container's /dev/ptmx and call `mountConsole`). Errors from the closures pass through unchanged.
    public func prepare(
        spec: Spec, bundlePath: String, beforePivot: () throws -> Void, afterPivot: () throws -> Void = {}
    ) throws {
        let rootfs = try mountRootfs(spec: spec, bundlePath: bundlePath)
        try beforePivot()
        try enterRootfs(rootfsPath: rootfs)
        try afterPivot()
        try finalize(spec: spec)
    }

    /// The host path of the container root: `root.path` made absolute against the bundle, symlinks resolved.
    public static func rootfsPath(spec: Spec, bundlePath: String) throws(RootfsError) -> String {
        guard let root = spec.root, !root.path.isEmpty else {
            throw RootfsError.invalidMount(destination: "/", reason: "config.json has no root.path")
        }
        let joined = root.path.hasPrefix("/") ? root.path : bundlePath + "/" + root.path
        return try canonicalPath(joined)
    }

    static func canonicalPath(_ path: String) throws(RootfsError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw RootfsError.pathFailed(operation: "resolve", path: path, errno: errno)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// runc's mapping of `linux.rootfsPropagation`; the default keeps host mount events flowing in but not out.
    static func rootPropagationFlags(_ linux: Linux?) -> UInt {
        guard let name = linux?.rootfsPropagation, !name.isEmpty,
              let flags = RootfsMountOptions.propagationTable[name] else {
            return UInt(MS_SLAVE | MS_REC)
        }
        return flags
    }

    func bindsDevices(_ spec: Spec) -> Bool {
        options.bindDevices ?? (spec.linux?.namespaces?.contains { $0.type == .user } ?? false)
    }
}
