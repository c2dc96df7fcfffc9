/// The document `runc features` prints: what this runtime implements.
public struct Features: Codable, Sendable, Equatable {
    public var ociVersionMin: String
    public var ociVersionMax: String
    public var hooks: [String]?
    public var mountOptions: [String]?
    public var linux: LinuxFeatures?
    public var annotations: [String: String]?

    public init(
        ociVersionMin: String, ociVersionMax: String, hooks: [String]? = nil, mountOptions: [String]? = nil,
        linux: LinuxFeatures? = nil, annotations: [String: String]? = nil
    ) {
        self.ociVersionMin = ociVersionMin
        self.ociVersionMax = ociVersionMax
        self.hooks = hooks
        self.mountOptions = mountOptions
        self.linux = linux
        self.annotations = annotations
    }
}
