/// Resource limits for one cgroup, shaped like OCI `linux.resources` so the runtime maps field by field.
/// nil means "leave as is". Memory values are bytes; -1 means unlimited.
public struct CgroupResources: Sendable, Hashable {
    /// `memory.limit`: v1 memory.limit_in_bytes, v2 memory.max.
    public var memoryLimit: Int64?
    /// `memory.reservation`: v1 memory.soft_limit_in_bytes, v2 memory.low.
    public var memoryReservation: Int64?
    /// `memory.swap`: memory plus swap (v1 memory.memsw.limit_in_bytes); v2 writes swap − memory to memory.swap.max.
    public var memorySwap: Int64?
    /// `memory.swappiness` (v1 only; ignored on v2 as runc does).
    public var memorySwappiness: UInt64?
    /// `memory.kernel`: deprecated by the kernel and ignored, as runc does.
    public var kernelMemoryLimit: Int64?
    /// `memory.disableOOMKiller` (v1 memory.oom_control; not available on v2).
    public var disableOOMKiller: Bool?
    /// `cpu.shares` (v1 cpu.shares; v2 cpu.weight via `CgroupConversion.cpuWeight(fromShares:)`).
    public var cpuShares: UInt64?
    /// `cpu.quota` in µs per period; -1 or 0 with a period means unlimited.
    public var cpuQuota: Int64?
    /// `cpu.period` in µs.
    public var cpuPeriod: UInt64?
    /// `cpu.realtimeRuntime` / `cpu.realtimePeriod`: ignored (needs CONFIG_RT_GROUP_SCHED, rarely available).
    public var cpuRealtimeRuntime: Int64?
    public var cpuRealtimePeriod: UInt64?
    /// `cpu.cpus` / `cpu.mems`: cpuset lists like "0-1,3".
    public var cpusetCpus: String?
    public var cpusetMems: String?
    /// `pids.limit`; a value ≤ 0 other than nil means unlimited ("max"), as runc treats -1.
    public var pidsLimit: Int64?
    /// `blockIO.weight` (10-1000; v2 io.weight via `CgroupConversion.ioWeight(fromBlockIOWeight:)`).
    public var blockIOWeight: UInt16?
    public var hugepageLimits: [CgroupHugepageLimit]
    /// `devices`: enforced on v1 only (see `CgroupDeviceRule`).
    public var devices: [CgroupDeviceRule]
    /// `unified`: raw cgroup v2 files (name → value), written last; an error on v1.
    public var unified: [String: String]

    public init(
        memoryLimit: Int64? = nil, memoryReservation: Int64? = nil, memorySwap: Int64? = nil,
        memorySwappiness: UInt64? = nil, kernelMemoryLimit: Int64? = nil, disableOOMKiller: Bool? = nil,
        cpuShares: UInt64? = nil, cpuQuota: Int64? = nil, cpuPeriod: UInt64? = nil,
        cpuRealtimeRuntime: Int64? = nil, cpuRealtimePeriod: UInt64? = nil,
        cpusetCpus: String? = nil, cpusetMems: String? = nil, pidsLimit: Int64? = nil,
        blockIOWeight: UInt16? = nil, hugepageLimits: [CgroupHugepageLimit] = [],
        devices: [CgroupDeviceRule] = [], unified: [String: String] = [:]
    ) {
        self.memoryLimit = memoryLimit
        self.memoryReservation = memoryReservation
        self.memorySwap = memorySwap
        self.memorySwappiness = memorySwappiness
        self.kernelMemoryLimit = kernelMemoryLimit
        self.disableOOMKiller = disableOOMKiller
        self.cpuShares = cpuShares
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
        self.cpuRealtimeRuntime = cpuRealtimeRuntime
        self.cpuRealtimePeriod = cpuRealtimePeriod
        self.cpusetCpus = cpusetCpus
        self.cpusetMems = cpusetMems
        self.pidsLimit = pidsLimit
        self.blockIOWeight = blockIOWeight
        self.hugepageLimits = hugepageLimits
        self.devices = devices
        self.unified = unified
    }
}
