/// A snapshot of a cgroup's usage; nil where the host does not expose a value.
public struct CgroupStats: Sendable, Hashable {
    public var memoryUsage: UInt64?
    public var memoryMaxUsage: UInt64?
    /// nil when unlimited.
    public var memoryLimit: UInt64?
    /// v1 memory.failcnt: how often the limit was hit.
    public var memoryFailCount: UInt64?
    public var oomKillCount: UInt64?
    public var pidsCurrent: UInt64?
    /// nil when unlimited.
    public var pidsLimit: UInt64?
    public var cpuUsageNanoseconds: UInt64?

    public init() {}
}
