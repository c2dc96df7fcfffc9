/// `linux.resources.network` (net_cls / net_prio).
public struct LinuxNetwork: Codable, Sendable, Equatable {
    public var classID: UInt32?
    public var priorities: [LinuxInterfacePriority]?

    public init(classID: UInt32? = nil, priorities: [LinuxInterfacePriority]? = nil) {
        self.classID = classID
        self.priorities = priorities
    }
}
