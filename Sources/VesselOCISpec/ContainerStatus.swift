/// The runtime status of a container as `state` reports it.
public enum ContainerStatus: String, Codable, Sendable, CaseIterable {
    case creating
    case created
    case running
    case stopped
    case paused
}
