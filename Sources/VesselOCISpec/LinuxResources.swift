/// `linux.resources`: cgroup limits.
public struct LinuxResources: Codable, Sendable, Equatable {
    public var devices: [LinuxDeviceCgroup]?
    public var memory: LinuxMemory?
    public var cpu: LinuxCPU?
    public var pids: LinuxPids?
    public var blockIO: LinuxBlockIO?
    public var hugepageLimits: [LinuxHugepageLimit]?
    public var network: LinuxNetwork?
    public var rdma: [String: LinuxRdma]?
    public var unified: [String: String]?

    public init(
        devices: [LinuxDeviceCgroup]? = nil,
        memory: LinuxMemory? = nil,
        cpu: LinuxCPU? = nil,
        pids: LinuxPids? = nil,
        blockIO: LinuxBlockIO? = nil,
        hugepageLimits: [LinuxHugepageLimit]? = nil,
        network: LinuxNetwork? = nil,
        rdma: [String: LinuxRdma]? = nil,
        unified: [String: String]? = nil
    ) {
        self.devices = devices
        self.memory = memory
        self.cpu = cpu
        self.pids = pids
        self.blockIO = blockIO
        self.hugepageLimits = hugepageLimits
        self.network = network
        self.rdma = rdma
        self.unified = unified
    }
}
