/// What Vessel remembers about a container, in `<root>/containers/<id>/container.json`.
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    public var name: String
    public var image: String
    public var imageID: String
    public var command: [String]
    public var created: Double
    public var state: ContainerState
    public var exitCode: Int32?
    public var startedAt: Double?
    public var finishedAt: Double?
    /// The process that owns the container's life: the monitor of a detached container, or the foreground `vessel run`.
    public var monitorPID: Int32?
    public var detached: Bool
    public var autoRemove: Bool
    /// Lower layers of the overlay, topmost first (snapshot diff IDs as `sha256:...`).
    public var snapshots: [String]
    /// A detached container with a pseudo-terminal (`-d -t`): its monitor holds the pty master and logs its output.
    public var terminal: Bool?
    /// A detached container with `-i`: its monitor keeps the container's stdin open (and empty).
    public var keepsInputOpen: Bool?

    public var shortID: String { String(id.prefix(12)) }
}
