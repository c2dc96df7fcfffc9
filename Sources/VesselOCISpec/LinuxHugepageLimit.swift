/// `linux.resources.hugepageLimits[]`, e.g. pageSize `2MB`.
public struct LinuxHugepageLimit: Codable, Sendable, Equatable {
    public var pageSize: String
    public var limit: UInt64

    public init(pageSize: String, limit: UInt64) {
        self.pageSize = pageSize
        self.limit = limit
    }
}
