/// `linux.intelRdt` (resctrl). Parsed so configs carrying it load; Vessel does not apply it.
public struct LinuxIntelRdt: Codable, Sendable, Equatable {
    public var closID: String?
    public var l3CacheSchema: String?
    public var memBwSchema: String?
    public var enableCMT: Bool?
    public var enableMBM: Bool?

    public init(
        closID: String? = nil, l3CacheSchema: String? = nil, memBwSchema: String? = nil,
        enableCMT: Bool? = nil, enableMBM: Bool? = nil
    ) {
        self.closID = closID
        self.l3CacheSchema = l3CacheSchema
        self.memBwSchema = memBwSchema
        self.enableCMT = enableCMT
        self.enableMBM = enableMBM
    }
}
