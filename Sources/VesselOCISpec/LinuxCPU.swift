/// `linux.resources.cpu`.
public struct LinuxCPU: Codable, Sendable, Equatable {
    public var shares: UInt64?
    public var quota: Int64?
    public var burst: UInt64?
    public var period: UInt64?
    public var realtimeRuntime: Int64?
    public var realtimePeriod: UInt64?
    public var cpus: String?
    public var mems: String?
    public var idle: Int64?

    public init(
        shares: UInt64? = nil, quota: Int64? = nil, burst: UInt64? = nil, period: UInt64? = nil,
        realtimeRuntime: Int64? = nil, realtimePeriod: UInt64? = nil, cpus: String? = nil,
        mems: String? = nil, idle: Int64? = nil
    ) {
        self.shares = shares
        self.quota = quota
        self.burst = burst
        self.period = period
        self.realtimeRuntime = realtimeRuntime
        self.realtimePeriod = realtimePeriod
        self.cpus = cpus
        self.mems = mems
        self.idle = idle
    }
}
