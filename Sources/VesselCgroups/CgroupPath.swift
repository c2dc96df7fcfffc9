/// The cgroup a container lives in, from OCI `linux.cgroupsPath`, before it is placed in a hierarchy.
///
/// Rules (cgroupfs driver, as runc):
/// - absolute ("/a/b"): relative to each hierarchy's root;
/// - relative ("a/b"): relative to the runtime's own cgroup in each hierarchy;
/// - empty or nil: `/vessel/<container id>` (absolute);
/// - "..", NUL bytes and the systemd "slice:prefix:name" syntax are rejected.
public struct CgroupPath: Sendable, Hashable, CustomStringConvertible {
    public enum Anchor: Sendable, Hashable {
        case hierarchyRoot
        case ownCgroup
    }

    public let anchor: Anchor
    /// Normalised components, never containing "." or "..".
    public let components: [String]

    public static let defaultParent = "vessel"

    public init(ociCgroupsPath: String?, containerID: String) throws(CgroupError) {
        let raw = ociCgroupsPath ?? ""
        if raw.isEmpty {
            guard !containerID.isEmpty, !containerID.contains("/"), containerID != ".", containerID != "..",
                  !containerID.utf8.contains(0)
            else { throw .invalidPath(path: containerID, reason: "container ID cannot name a cgroup") }
            anchor = .hierarchyRoot
            components = [Self.defaultParent, containerID]
            return
        }
        guard !raw.utf8.contains(0) else { throw .invalidPath(path: raw, reason: "contains a NUL byte") }
        if raw.contains(":") { throw .systemdPathUnsupported(path: raw) }
        let parts = raw.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !parts.contains("..") else { throw .invalidPath(path: raw, reason: "'..' is not allowed") }
        anchor = raw.hasPrefix("/") ? .hierarchyRoot : .ownCgroup
        guard !parts.isEmpty || anchor == .hierarchyRoot else { throw .invalidPath(path: raw, reason: "names no cgroup") }
        guard !parts.isEmpty else { throw .invalidPath(path: raw, reason: "the root cgroup cannot be a container's cgroup") }
        components = parts
    }

    /// The absolute cgroup path in a hierarchy where the runtime itself is in `ownCgroup`.
    public func absolute(ownCgroup: String) -> String {
        let base = anchor == .ownCgroup ? ownCgroup.split(separator: "/").map(String.init) : []
        return "/" + (base + components).joined(separator: "/")
    }

    public var description: String {
        (anchor == .hierarchyRoot ? "/" : "") + components.joined(separator: "/")
    }
}
