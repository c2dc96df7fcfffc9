/// `linux.personality`: domain is `LINUX` or `LINUX32`.
public struct LinuxPersonality: Codable, Sendable, Equatable {
    public var domain: String
    public var flags: [String]?

    public init(domain: String, flags: [String]? = nil) {
        self.domain = domain
        self.flags = flags
    }
}
