/// A uid or gid mapping for a user namespace or an idmapped mount.
public struct LinuxIDMapping: Codable, Sendable, Equatable {
    public var containerID: UInt32
    public var hostID: UInt32
    public var size: UInt32

    public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.size = size
    }
}
