/// `root`: the container's root filesystem, relative to the bundle or absolute.
public struct Root: Codable, Sendable, Equatable {
    public var path: String
    public var readonly: Bool?

    public init(path: String, readonly: Bool? = nil) {
        self.path = path
        self.readonly = readonly
    }
}
