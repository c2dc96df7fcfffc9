/// The namespace kinds of `linux.namespaces[].type`.
public enum LinuxNamespaceType: String, Codable, Sendable, CaseIterable {
    case pid
    case network
    case mount
    case ipc
    case uts
    case user
    case cgroup
    case time

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let type = LinuxNamespaceType(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown namespace type \"\(name)\"")
        }
        self = type
    }
}
