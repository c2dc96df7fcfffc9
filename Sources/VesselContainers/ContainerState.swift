/// Where a container is in its life: set up, its process running, or finished with an exit code.
public enum ContainerState: String, Codable, Sendable {
    case created
    case running
    case exited
}
