/// `linux.seccomp` of the features document.
public struct SeccompFeatures: Codable, Sendable, Equatable {
    public var enabled: Bool?
    public var actions: [String]?
    public var operators: [String]?
    public var archs: [String]?

    public init(enabled: Bool? = nil, actions: [String]? = nil, operators: [String]? = nil, archs: [String]? = nil) {
        self.enabled = enabled
        self.actions = actions
        self.operators = operators
        self.archs = archs
    }
}
