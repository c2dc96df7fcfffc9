/// cgroup v1: one directory per mounted hierarchy (co-mounted controllers share one).
public struct CgroupV1Manager: CgroupManager {
    /// (hierarchy, absolute cgroup path in it).
    public let placements: [(hierarchy: CgroupV1Hierarchy, cgroup: String)]

    /// `path` is resolved per hierarchy: a relative path hangs below the runtime's own cgroup in that hierarchy.
    public init(path: CgroupPath, hierarchies: [CgroupV1Hierarchy], membership: CgroupMembership) {
        placements = hierarchies.map { hierarchy in
            (hierarchy, path.absolute(ownCgroup: membership.path(for: hierarchy)))
        }
    }

    public var directories: [String] {
        placements.map { $0.hierarchy.directory(for: $0.cgroup) }
    }

    /// The directory of the hierarchy that carries `controller`.
    public func directory(for controller: String) throws(CgroupError) -> String {
        guard let placement = placements.first(where: { $0.hierarchy.controllers.contains(controller) }) else {
            throw .controllerNotMounted(controller: controller)
        }
        return placement.hierarchy.directory(for: placement.cgroup)
    }

    public func create() throws(CgroupError) {
        for placement in placements {
            if placement.hierarchy.controllers.contains("cpuset") {
                try createCpuset(placement.hierarchy, placement.cgroup)
            } else {
                try CgroupFiles.makeDirectories(placement.hierarchy.directory(for: placement.cgroup))
            }
        }
    }

    /// A new v1 cpuset cgroup starts with empty cpus/mems and refuses tasks; copy the parent's down.
    private func createCpuset(_ hierarchy: CgroupV1Hierarchy, _ cgroup: String) throws(CgroupError) {
        var parent = hierarchy.directory(for: "/")
        let target = hierarchy.directory(for: cgroup)
        let relative = target.dropFirst(parent.count).split(separator: "/")
        for component in relative {
            let current = parent + "/" + component
            try CgroupFiles.makeDirectories(current)
            for file in ["cpuset.cpus", "cpuset.mems"] {
                if try CgroupFiles.readTrimmed(current + "/" + file).isEmpty {
                    try CgroupFiles.write(current + "/" + file, try CgroupFiles.readTrimmed(parent + "/" + file))
                }
            }
            parent = current
        }
    }

    public func apply(_ resources: CgroupResources) throws(CgroupError) {
        guard resources.unified.isEmpty else {
            throw .unsupportedResource(name: "unified", reason: "cgroup v2 files cannot be set on a cgroup v1 host")
        }
        try applyMemory(resources)
        if resources.cpuShares != nil || resources.cpuPeriod != nil || resources.cpuQuota != nil {
            let cpu = try directory(for: "cpu")
            if let shares = resources.cpuShares { try CgroupFiles.write(cpu + "/cpu.shares", String(shares)) }
            if let period = resources.cpuPeriod, period != 0 { try CgroupFiles.write(cpu + "/cpu.cfs_period_us", String(period)) }
            if let quota = resources.cpuQuota, quota != 0 {
                try CgroupFiles.write(cpu + "/cpu.cfs_quota_us", String(quota < 0 ? -1 : quota))
            }
        }
        if resources.cpusetCpus != nil || resources.cpusetMems != nil {
            let cpuset = try directory(for: "cpuset")
            if let cpus = resources.cpusetCpus, !cpus.isEmpty { try CgroupFiles.write(cpuset + "/cpuset.cpus", cpus) }
            if let mems = resources.cpusetMems, !mems.isEmpty { try CgroupFiles.write(cpuset + "/cpuset.mems", mems) }
        }
        if let limit = resources.pidsLimit, limit != 0 {
            try CgroupFiles.write(try directory(for: "pids") + "/pids.max", limit > 0 ? String(limit) : "max")
        }
        if let weight = resources.blockIOWeight, weight != 0 {
            let blkio = try directory(for: "blkio")
            let file = CgroupFiles.exists(blkio + "/blkio.weight") ? "/blkio.weight" : "/blkio.bfq.weight"
            try CgroupFiles.write(blkio + file, String(weight))
        }
        if !resources.devices.isEmpty {
            let devices = try directory(for: "devices")
            for rule in resources.devices {
                try CgroupFiles.write(devices + (rule.allow ? "/devices.allow" : "/devices.deny"), rule.v1Line)
            }
        }
        if !resources.hugepageLimits.isEmpty {
            let hugetlb = try directory(for: "hugetlb")
            for limit in resources.hugepageLimits {
                try CgroupFiles.write(hugetlb + "/hugetlb.\(limit.pageSize).limit_in_bytes", String(limit.limit))
            }
        }
    }

    private func applyMemory(_ resources: CgroupResources) throws(CgroupError) {
        let wanted = resources.memoryLimit != nil || resources.memorySwap != nil || resources.memoryReservation != nil
            || resources.memorySwappiness != nil || resources.disableOOMKiller == true
        guard wanted else { return }
        let memory = try directory(for: "memory")
        if let swappiness = resources.memorySwappiness {
            guard swappiness <= 100 else { throw .invalidResource(name: "memory.swappiness", reason: "\(swappiness) is above 100") }
            try CgroupFiles.write(memory + "/memory.swappiness", String(swappiness))
        }
        let limitFile = memory + "/memory.limit_in_bytes"
        let swapFile = memory + "/memory.memsw.limit_in_bytes"
        let limit = resources.memoryLimit.map { $0 < 0 ? "-1" : String($0) }
        if let swap = resources.memorySwap, swap != 0 {
            guard CgroupFiles.exists(swapFile) else {
                throw .unsupportedResource(name: "memory.swap", reason: "swap accounting is disabled (no memory.memsw.limit_in_bytes)")
            }
            if swap > 0, let memoryLimit = resources.memoryLimit, memoryLimit > 0, swap < memoryLimit {
                throw .invalidResource(name: "memory.swap", reason: "memory+swap \(swap) is below the memory limit \(memoryLimit)")
            }
            // The kernel keeps memory ≤ memory+swap at every step, so raise memsw first and lower it last.
            let current = try CgroupFiles.readInteger(swapFile)
            let swapText = swap < 0 ? "-1" : String(swap)
            if swap < 0 || UInt64(swap) > current {
                try CgroupFiles.write(swapFile, swapText)
                if let limit { try CgroupFiles.write(limitFile, limit) }
            } else {
                if let limit { try CgroupFiles.write(limitFile, limit) }
                try CgroupFiles.write(swapFile, swapText)
            }
        } else if let limit {
            try CgroupFiles.write(limitFile, limit)
        }
        if let reservation = resources.memoryReservation, reservation != 0 {
            try CgroupFiles.write(memory + "/memory.soft_limit_in_bytes", reservation < 0 ? "-1" : String(reservation))
        }
        if resources.disableOOMKiller == true {
            try CgroupFiles.write(memory + "/memory.oom_control", "1")
        }
    }

    public func addProcess(_ pid: Int32) throws(CgroupError) {
        for directory in directories {
            try CgroupFiles.write(directory + "/cgroup.procs", String(pid))
        }
    }

    public var selfJoinFiles: [String] { directories.map { $0 + "/tasks" } }

    public func processes() throws(CgroupError) -> [Int32] {
        var result = Set<Int32>()
        for directory in directories where CgroupFiles.isDirectory(directory) {
            result.formUnion(try CgroupFiles.pids(directory + "/cgroup.procs"))
        }
        return result.sorted()
    }

    public func freeze(timeoutMilliseconds: Int) throws(CgroupError) {
        let stateFile = try directory(for: "freezer") + "/freezer.state"
        var waited = 0
        while true {
            // Re-requesting FROZEN nudges tasks that were forking while the first request ran.
            try CgroupFiles.write(stateFile, "FROZEN")
            let state = try CgroupFiles.readTrimmed(stateFile)
            if state == "FROZEN" { return }
            guard waited < timeoutMilliseconds else {
                try? CgroupFiles.write(stateFile, "THAWED")
                throw .freezeTimedOut(path: stateFile, state: state)
            }
            CgroupFiles.sleepMilliseconds(10)
            waited += 10
        }
    }

    public func thaw() throws(CgroupError) {
        try CgroupFiles.write(try directory(for: "freezer") + "/freezer.state", "THAWED")
    }

    public func isFrozen() throws(CgroupError) -> Bool {
        try CgroupFiles.readTrimmed(try directory(for: "freezer") + "/freezer.state") == "FROZEN"
    }

    public func killAll(signal: Int32) throws(CgroupError) {
        let hasFreezer = placements.contains { $0.hierarchy.controllers.contains("freezer") }
        try CgroupSignals.signalAll(self, signal: signal, canFreeze: hasFreezer)
    }

    public func stats() throws(CgroupError) -> CgroupStats {
        var stats = CgroupStats()
        if let memory = try? directory(for: "memory") {
            stats.memoryUsage = try? CgroupFiles.readInteger(memory + "/memory.usage_in_bytes")
            stats.memoryMaxUsage = try? CgroupFiles.readInteger(memory + "/memory.max_usage_in_bytes")
            stats.memoryFailCount = try? CgroupFiles.readInteger(memory + "/memory.failcnt")
            if let limit = try? CgroupFiles.readInteger(memory + "/memory.limit_in_bytes"), limit < UInt64(Int64.max) / 2 {
                stats.memoryLimit = limit
            }
            if let control = try? CgroupFiles.read(memory + "/memory.oom_control") {
                stats.oomKillCount = CgroupFiles.keyValues(control)["oom_kill"]
            }
        }
        if let pids = try? directory(for: "pids") {
            stats.pidsCurrent = try? CgroupFiles.readInteger(pids + "/pids.current")
            stats.pidsLimit = try? CgroupFiles.readInteger(pids + "/pids.max")
        }
        if let cpuacct = try? directory(for: "cpuacct") {
            stats.cpuUsageNanoseconds = try? CgroupFiles.readInteger(cpuacct + "/cpuacct.usage")
        }
        return stats
    }

    public func destroy() throws(CgroupError) {
        for directory in directories {
            try CgroupFiles.removeTree(directory)
        }
    }
}
