/// One mounted cgroup v1 hierarchy and the controllers bound to it (co-mounted ones like "cpu,cpuacct" share it).
public struct CgroupV1Hierarchy: Sendable, Hashable {
    /// Where the hierarchy is mounted, e.g. /sys/fs/cgroup/cpu,cpuacct.
    public var mountPoint: String
    /// The cgroup the mount shows as its root (not "/" inside a cgroup namespace or a bind mount).
    public var root: String
    /// Controller names, and "name=systemd" style named hierarchies.
    public var controllers: [String]

    public init(mountPoint: String, root: String = "/", controllers: [String]) {
        self.mountPoint = mountPoint
        self.root = root
        self.controllers = controllers
    }

    /// The directory for `cgroup` (an absolute path in this hierarchy).
    public func directory(for cgroup: String) -> String {
        var relative = cgroup
        if root != "/" && (cgroup == root || cgroup.hasPrefix(root + "/")) {
            relative = String(cgroup.dropFirst(root.count))
        }
        let trimmed = relative.split(separator: "/").joined(separator: "/")
        return trimmed.isEmpty ? mountPoint : mountPoint + "/" + trimmed
    }

    /// Parses /proc/self/mountinfo and returns every cgroup v1 hierarchy, in mount order.
    /// Fields: id parent major:minor root mountpoint options [optional...] - fstype source superoptions.
    public static func parse(mountinfo: String) -> [CgroupV1Hierarchy] {
        // Bytes, not Characters: a host's mountinfo can be long, and grapheme breaking made this the most
        // expensive step of `create`.
        var result: [CgroupV1Hierarchy] = []
        for line in mountinfo.utf8.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard let separator = fields.firstIndex(where: { $0.count == 1 && $0.first == UInt8(ascii: "-") }),
                  separator >= 6, fields.count >= separator + 4, fields[separator + 1].elementsEqual("cgroup".utf8)
            else { continue }
            let superOptions = fields[separator + 3].split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
            let controllers = superOptions.filter { knownControllers.contains($0) || $0.hasPrefix("name=") }
            guard !controllers.isEmpty else { continue }
            result.append(CgroupV1Hierarchy(
                mountPoint: unescapeMountPath(String(decoding: fields[4], as: UTF8.self)),
                root: unescapeMountPath(String(decoding: fields[3], as: UTF8.self)),
                controllers: controllers))
        }
        return result
    }

    /// v1 controller names the kernel may expose.
    public static let knownControllers: Set<String> = [
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb",
        "net_cls", "net_prio", "perf_event", "rdma", "misc",
    ]

    /// mountinfo escapes space, tab, newline and backslash as octal (\040 ...).
    static func unescapeMountPath(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: "\\")) else { return path }
        var bytes: [UInt8] = []
        let source = Array(path.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count,
               let value = UInt8(String(decoding: source[(index + 1)...(index + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
