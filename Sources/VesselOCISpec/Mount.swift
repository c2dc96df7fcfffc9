/// One entry of `mounts`, performed in order inside the container's root.
public struct Mount: Codable, Sendable, Equatable {
    public var destination: String
    public var type: String?
    public var source: String?
    public var options: [String]?
    public var uidMappings: [LinuxIDMapping]?
    public var gidMappings: [LinuxIDMapping]?

    public init(
        destination: String,
        type: String? = nil,
        source: String? = nil,
        options: [String]? = nil,
        uidMappings: [LinuxIDMapping]? = nil,
        gidMappings: [LinuxIDMapping]? = nil
    ) {
        self.destination = destination
        self.type = type
        self.source = source
        self.options = options
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
    }
}
