/// `process.capabilities`: capability names such as `CAP_KILL`, per set.
public struct LinuxCapabilities: Codable, Sendable, Equatable {
    public var bounding: [String]?
    public var effective: [String]?
    public var inheritable: [String]?
    public var permitted: [String]?
    public var ambient: [String]?

    public init(
        bounding: [String]? = nil,
        effective: [String]? = nil,
        inheritable: [String]? = nil,
        permitted: [String]? = nil,
        ambient: [String]? = nil
    ) {
        self.bounding = bounding
        self.effective = effective
        self.inheritable = inheritable
        self.permitted = permitted
        self.ambient = ambient
    }
}
