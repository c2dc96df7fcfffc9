import Glibc
import VesselCgroups
import VesselOCISpec

/// The seam between the runtime and VesselCgroups: maps OCI resources and paths onto the cgroup managers.
/// The state file records the normalised cgroup path (`CgroupPath.description`), from which every later
/// command rebuilds the same manager.
enum CgroupStage {
    /// Validates `linux.cgroupsPath` (before anything is created) and returns the path to record.
    static func resolvePath(spec: Spec, id: String) throws -> String? {
        do {
            return try CgroupPath(ociCgroupsPath: spec.linux?.cgroupsPath, containerID: id).description
        } catch {
            throw RuntimeError.cgroup("linux.cgroupsPath: \(error)")
        }
    }

    static func manager(_ path: String) throws -> any CgroupManager {
        do {
            return try CgroupManagers.make(ociCgroupsPath: path, containerID: "")
        } catch {
            throw RuntimeError.cgroup("\(error)")
        }
    }

    static func create(path: String, resources: LinuxResources?) throws {
        let manager = try manager(path)
        do {
            try manager.create()
            try manager.apply(cgroupResources(resources))
        } catch {
            try? manager.destroy()
            throw RuntimeError.cgroup("\(error)")
        }
    }

    static func add(pid: Int32, path: String) throws {
        do { try manager(path).addProcess(pid) } catch let error as RuntimeError { throw error } catch {
            throw RuntimeError.cgroup("\(error)")
        }
    }

    static func destroy(path: String) {
        guard let manager = try? manager(path) else { return }
        // Exiting tasks may still be listed for a moment after the init died.
        for _ in 0..<200 {
            if (try? manager.destroy()) != nil { return }
            usleep(5_000)
        }
    }

    static func processes(path: String) -> [Int32] {
        (try? manager(path).processes()) ?? []
    }

    static func freeze(path: String) throws {
        do { try manager(path).freeze(timeoutMilliseconds: 5000) } catch let error as RuntimeError { throw error } catch {
            throw RuntimeError.cgroup("\(error)")
        }
    }

    static func thaw(path: String) throws {
        do { try manager(path).thaw() } catch let error as RuntimeError { throw error } catch {
            throw RuntimeError.cgroup("\(error)")
        }
    }

    static func isFrozen(cgroupPath: String) -> Bool {
        (try? manager(cgroupPath).isFrozen()) ?? false
    }

    static func cgroupResources(_ oci: LinuxResources?) -> CgroupResources {
        guard let oci else { return CgroupResources() }
        return CgroupResources(
            memoryLimit: oci.memory?.limit, memoryReservation: oci.memory?.reservation, memorySwap: oci.memory?.swap,
            memorySwappiness: oci.memory?.swappiness, kernelMemoryLimit: oci.memory?.kernel,
            disableOOMKiller: oci.memory?.disableOOMKiller, cpuShares: oci.cpu?.shares, cpuQuota: oci.cpu?.quota,
            cpuPeriod: oci.cpu?.period, cpuRealtimeRuntime: oci.cpu?.realtimeRuntime,
            cpuRealtimePeriod: oci.cpu?.realtimePeriod, cpusetCpus: oci.cpu?.cpus, cpusetMems: oci.cpu?.mems,
            pidsLimit: oci.pids?.limit, blockIOWeight: oci.blockIO?.weight,
            hugepageLimits: (oci.hugepageLimits ?? []).map { CgroupHugepageLimit(pageSize: $0.pageSize, limit: $0.limit) },
            unified: oci.unified ?? [:])
    }
}
