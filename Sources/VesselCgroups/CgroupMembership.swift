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
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(decoding: fields[2], as: UTF8.self)
            if fields[0].elementsEqual("0".utf8) && fields[1].isEmpty {
                membership.unifiedPath = path
            } else {
                for controller in fields[1].split(separator: UInt8(ascii: ",")) {
                    membership.v1Paths[String(decoding: controller, as: UTF8.self)] = path
                }
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
