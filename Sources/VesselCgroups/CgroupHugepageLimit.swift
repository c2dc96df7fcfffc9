/// A hugetlb limit: OCI `linux.resources.hugepageLimits[]` (`pageSize` like "2MB" or "1GB").
public struct CgroupHugepageLimit: Sendable, Hashable {
    public var pageSize: String
    public var limit: UInt64

    public init(pageSize: String, limit: UInt64) {
        self.pageSize = pageSize
        self.limit = limit
    }
}
