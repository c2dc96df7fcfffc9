/// One entry of `linux.namespaces`: create a new namespace, or join the one at `path`.
public struct LinuxNamespace: Codable, Sendable, Equatable {
    public var type: LinuxNamespaceType
    public var path: String?

    public init(type: LinuxNamespaceType, path: String? = nil) {
        self.type = type
        self.path = path
    }
}
