/// Which cgroups a process is in, from /proc/<pid>/cgroup ("id:controllers:path" lines).
public struct CgroupMembership: Sendable, Hashable {
    /// v1 controller (or "name=systemd") → cgroup path.
    public var v1Paths: [String: String]
    /// The cgroup v2 path ("0::/path"), if any.
    public var unifiedPath: String?

    public init(v1Paths: [String: String] = [:], unifiedPath: String? = nil) {
        self.v1Paths = v1Paths
        self.unifiedPath = unifiedPath
    }

    public static func parse(_ text: String) -> CgroupMembership {
        var membership = CgroupMembership()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                membership.unifiedPath = path
            } else {
                for controller in fields[1].split(separator: ",") { membership.v1Paths[String(controller)] = path }
            }
        }
        return membership
    }

    /// The calling process's membership.
    public static func current() throws(CgroupError) -> CgroupMembership {
        parse(try CgroupFiles.read("/proc/self/cgroup"))
    }

    /// The cgroup of a v1 hierarchy: the path of its first controller; "/" if the process is not listed.
    public func path(for hierarchy: CgroupV1Hierarchy) -> String {
        hierarchy.controllers.lazy.compactMap { v1Paths[$0] }.first ?? "/"
    }
}
