/// A network interface's priority for net_prio.
public struct LinuxInterfacePriority: Codable, Sendable, Equatable {
    public var name: String
    public var priority: UInt32

    public init(name: String, priority: UInt32) {
        self.name = name
        self.priority = priority
    }
}
