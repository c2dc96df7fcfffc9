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

    /// Creates the cgroup with its limits; returns the files through which the init joins it itself (see
    /// `CgroupManager.selfJoinFiles`; empty when the runtime must add it with `add`).
    static func create(path: String, resources: LinuxResources?) throws -> [String] {
        let manager = try manager(path)
        let limits = try cgroupResources(resources)
        do {
            try manager.create()
            try manager.apply(limits)
        } catch {
            try? manager.destroy()
            throw RuntimeError.cgroup("\(error)")
        }
        return manager.selfJoinFiles
    }

    static func selfJoinFiles(path: String) throws -> [String] {
        try manager(path).selfJoinFiles
    }

    /// Run by the (single-threaded) init itself: writes "0" to each file, moving the calling thread.
    static func join(files: [String]) throws {
        for file in files {
            do {
                try SystemCall.writeFile(file, "0")
            } catch {
                throw RuntimeError.cgroup("cannot join \(file): \(error)")
            }
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

    /// Throws for device rules the cgroup code cannot express, so `create` can reject them before acting.
    static func cgroupResources(_ oci: LinuxResources?) throws -> CgroupResources {
        guard let oci else { return CgroupResources() }
        var devices: [CgroupDeviceRule] = []
        for rule in oci.devices ?? [] {
            devices.append(try deviceRule(allow: rule.allow, type: rule.type, major: rule.major, minor: rule.minor, access: rule.access))
        }
        // As runc: the default devices every container gets (null, zero, full, random, urandom, tty, console,
        // ptmx, pts) stay usable after the spec's rules, which usually start with "deny all".
        if !devices.isEmpty {
            let defaults: [(Int64, Int64?)] = [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 1), (5, 2), (136, nil)]
            for (major, minor) in defaults {
                devices.append(try deviceRule(allow: true, type: "c", major: major, minor: minor, access: "rwm"))
            }
        }
        return CgroupResources(
            memoryLimit: oci.memory?.limit, memoryReservation: oci.memory?.reservation, memorySwap: oci.memory?.swap,
            memorySwappiness: oci.memory?.swappiness, kernelMemoryLimit: oci.memory?.kernel,
            disableOOMKiller: oci.memory?.disableOOMKiller, cpuShares: oci.cpu?.shares, cpuQuota: oci.cpu?.quota,
            cpuPeriod: oci.cpu?.period, cpuRealtimeRuntime: oci.cpu?.realtimeRuntime,
            cpuRealtimePeriod: oci.cpu?.realtimePeriod, cpusetCpus: oci.cpu?.cpus, cpusetMems: oci.cpu?.mems,
            pidsLimit: oci.pids?.limit, blockIOWeight: oci.blockIO?.weight,
            hugepageLimits: (oci.hugepageLimits ?? []).map { CgroupHugepageLimit(pageSize: $0.pageSize, limit: $0.limit) },
            devices: devices, unified: oci.unified ?? [:])
    }

    private static func deviceRule(allow: Bool, type: String?, major: Int64?, minor: Int64?, access: String?) throws -> CgroupDeviceRule {
        do {
            return try CgroupDeviceRule(allow: allow, ociType: type, major: major, minor: minor, access: access)
        } catch {
            throw RuntimeError.cgroup("linux.resources.devices: \(error)")
        }
    }
}
