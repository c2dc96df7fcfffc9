/// cgroup v2: one directory in the unified hierarchy. Works on any directory tree that holds the files it
/// touches, so its file logic is testable without a v2 host.
public struct CgroupV2Manager: CgroupManager {
    public let mountPoint: String
    /// Absolute cgroup path in the unified hierarchy.
    public let cgroup: String

    /// Controllers enabled in ancestors' subtree_control when the parent offers them.
    public static let wantedControllers = ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"]

    public init(path: CgroupPath, mountPoint: String = "/sys/fs/cgroup", membership: CgroupMembership) {
        self.mountPoint = mountPoint
        cgroup = path.absolute(ownCgroup: membership.unifiedPath ?? "/")
    }

    public init(cgroup: String, mountPoint: String = "/sys/fs/cgroup") {
        self.mountPoint = mountPoint
        self.cgroup = cgroup
    }

    public var directory: String {
        let components = cgroup.split(separator: "/")
        return components.isEmpty ? mountPoint : mountPoint + "/" + components.joined(separator: "/")
    }

    public var directories: [String] { [directory] }

    public func create() throws(CgroupError) {
        try CgroupFiles.makeDirectories(directory)
        // Each ancestor must delegate the controllers to its children, top-down.
        var ancestor = mountPoint
        for component in cgroup.split(separator: "/").dropLast() {
            try enableControllers(in: ancestor)
            ancestor += "/" + component
        }
        try enableControllers(in: ancestor)
    }

    private func enableControllers(in directory: String) throws(CgroupError) {
        let controllersFile = directory + "/cgroup.controllers"
        guard CgroupFiles.exists(controllersFile) else { return }
        let available = Set(try CgroupFiles.readTrimmed(controllersFile).split(separator: " ").map(String.init))
        let enabled = Set((try? CgroupFiles.readTrimmed(directory + "/cgroup.subtree_control"))?
            .split(separator: " ").map(String.init) ?? [])
        let missing = Self.wantedControllers.filter { available.contains($0) && !enabled.contains($0) }
        guard !missing.isEmpty else { return }
        try CgroupFiles.write(directory + "/cgroup.subtree_control", missing.map { "+" + $0 }.joined(separator: " "))
    }

    public func apply(_ resources: CgroupResources) throws(CgroupError) {
        let base = directory + "/"
        if let swapMax = try CgroupConversion.memorySwapMax(swap: resources.memorySwap, memory: resources.memoryLimit) {
            try CgroupFiles.write(base + "memory.swap.max", CgroupConversion.v2Limit(swapMax))
        }
        if let limit = resources.memoryLimit, limit != 0 {
            try CgroupFiles.write(base + "memory.max", CgroupConversion.v2Limit(limit))
        }
        if let reservation = resources.memoryReservation, reservation != 0 {
            try CgroupFiles.write(base + "memory.low", CgroupConversion.v2Limit(reservation))
        }
        // memory.swappiness and disableOOMKiller have no v2 equivalent; runc ignores them too.
        // Device rules need an eBPF program on v2 and are not enforced yet (see CgroupDeviceRule).
        if let shares = resources.cpuShares, shares != 0 {
            try CgroupFiles.write(base + "cpu.weight", String(CgroupConversion.cpuWeight(fromShares: shares)))
        }
        if let cpuMax = CgroupConversion.cpuMax(quota: resources.cpuQuota, period: resources.cpuPeriod) {
            try CgroupFiles.write(base + "cpu.max", cpuMax)
        }
        if let cpus = resources.cpusetCpus, !cpus.isEmpty { try CgroupFiles.write(base + "cpuset.cpus", cpus) }
        if let mems = resources.cpusetMems, !mems.isEmpty { try CgroupFiles.write(base + "cpuset.mems", mems) }
        if let limit = resources.pidsLimit, limit != 0 {
            try CgroupFiles.write(base + "pids.max", limit > 0 ? String(limit) : "max")
        }
        if let weight = resources.blockIOWeight, weight != 0 {
            let converted = String(CgroupConversion.ioWeight(fromBlockIOWeight: weight))
            if CgroupFiles.exists(base + "io.weight") {
                try CgroupFiles.write(base + "io.weight", converted)
            } else {
                try CgroupFiles.write(base + "io.bfq.weight", converted)
            }
        }
        for limit in resources.hugepageLimits {
            try CgroupFiles.write(base + "hugetlb.\(limit.pageSize).max", String(limit.limit))
        }
        for (key, value) in resources.unified.sorted(by: { $0.key < $1.key }) {
            guard !key.isEmpty, !key.contains("/"), key != ".", key != ".." else {
                throw .invalidResource(name: "unified[\(key)]", reason: "not a cgroup file name")
            }
            try CgroupFiles.write(base + key, value)
        }
    }

    public func addProcess(_ pid: Int32) throws(CgroupError) {
        try CgroupFiles.write(directory + "/cgroup.procs", String(pid))
    }

    public var selfJoinFiles: [String] { [] }

    public func processes() throws(CgroupError) -> [Int32] {
        guard CgroupFiles.isDirectory(directory) else { return [] }
        return try CgroupFiles.pids(directory + "/cgroup.procs").sorted()
    }

    public func freeze(timeoutMilliseconds: Int) throws(CgroupError) {
        try CgroupFiles.write(directory + "/cgroup.freeze", "1")
        var waited = 0
        while try !isFrozen() {
            guard waited < timeoutMilliseconds else {
                try? CgroupFiles.write(directory + "/cgroup.freeze", "0")
                throw .freezeTimedOut(path: directory, state: "frozen 0")
            }
            CgroupFiles.sleepMilliseconds(10)
            waited += 10
        }
    }

    public func thaw() throws(CgroupError) {
        try CgroupFiles.write(directory + "/cgroup.freeze", "0")
    }

    public func isFrozen() throws(CgroupError) -> Bool {
        CgroupFiles.keyValues(try CgroupFiles.read(directory + "/cgroup.events"))["frozen"] == 1
    }

    public func killAll(signal: Int32) throws(CgroupError) {
        // cgroup.kill (Linux 5.14) kills every task atomically, including ones forking right now.
        if signal == CgroupSignals.kill, CgroupFiles.exists(directory + "/cgroup.kill") {
            try CgroupFiles.write(directory + "/cgroup.kill", "1")
            return
        }
        try CgroupSignals.signalAll(self, signal: signal, canFreeze: CgroupFiles.exists(directory + "/cgroup.freeze"))
    }

    public func stats() throws(CgroupError) -> CgroupStats {
        let base = directory + "/"
        var stats = CgroupStats()
        stats.memoryUsage = try? CgroupFiles.readInteger(base + "memory.current")
        stats.memoryMaxUsage = try? CgroupFiles.readInteger(base + "memory.peak")
        stats.memoryLimit = try? CgroupFiles.readInteger(base + "memory.max")
        if let events = try? CgroupFiles.read(base + "memory.events") {
            let values = CgroupFiles.keyValues(events)
            stats.oomKillCount = values["oom_kill"]
            stats.memoryFailCount = values["max"]
        }
        stats.pidsCurrent = try? CgroupFiles.readInteger(base + "pids.current")
        stats.pidsLimit = try? CgroupFiles.readInteger(base + "pids.max")
        if let cpu = try? CgroupFiles.read(base + "cpu.stat"), let micros = CgroupFiles.keyValues(cpu)["usage_usec"] {
            stats.cpuUsageNanoseconds = micros * 1000
        }
        return stats
    }

    public func destroy() throws(CgroupError) {
        try CgroupFiles.removeTree(directory)
    }
}
