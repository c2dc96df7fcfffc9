/// The OCI lifecycle states, plus `creating` for a create that has not finished (or was killed midway).
public enum ContainerStatus: String, Codable, Sendable {
    case creating
    case created
    case running
    case stopped
    case paused
}
