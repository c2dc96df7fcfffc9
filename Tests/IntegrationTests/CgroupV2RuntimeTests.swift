import Testing
import VesselTestbed

extension NestedTestbedTests {
/// vessel-runtime's resource limits on a pure cgroup v2 host: an L2 booted with `cgroup_no_v1=all` and cgroup2
/// on /sys/fs/cgroup, running busybox containers (one shared L2 session, see `CgroupV2Session`).
@Suite("cgroup v2 runtime")
struct CgroupV2RuntimeTests {
    static let memoryLimit = String(CgroupV2Scenarios.memoryLimit)

    @Test("L2 mounts only cgroup2, with the memory and pids controllers")
    func unifiedHierarchyOnly() throws {
        guard let (report, result) = try CgroupV2Session.report(CgroupV2Scenarios.Name.host) else { return }
        #expect(result.exitStatus == 0, "\(result.output)")
        #expect(report["mount-type"] == "cgroup2", "\(result.output)")
        #expect(report["v1-mounts"] == "0", "\(result.output)")
        #expect(report["cmdline"]?.contains("cgroup_no_v1=all") == true)
        let controllers = report.words("root-controllers")
        #expect(controllers.contains("memory") && controllers.contains("pids"), "root controllers: \(controllers)")
        #expect(report["features-exit"] == "0", "\(result.output)")
    }

    @Test("32 MiB memory.max: touching 64 MiB is OOM-killed (137), 8 MiB succeeds")
    func memoryLimitEnforced() throws {
        guard let (report, result) = try CgroupV2Session.report(CgroupV2Scenarios.Name.memory) else { return }
        checkNoSetupErrors(report, result)
        #expect(report["small-exit"] == "0", "8 MiB inside a 32 MiB limit failed:\n\(result.output)")
        #expect(report["oom-exit"] == "137", "64 MiB inside a 32 MiB limit was not SIGKILLed:\n\(result.output)")
        #expect(report["oom-dir-after-run"] == "gone", "\(result.output)")
        #expect(report["oomcs-create-exit"] == "0", "\(result.output)")
        #expect(report["oomcs-memory.max"] == Self.memoryLimit, "\(result.output)")
        #expect(report["oomcs-start-exit"] == "0", "\(result.output)")
        #expect(report["oomcs-status"] == "stopped", "\(result.output)")
        let kills = Int(report["oomcs-oom-kill"] ?? "") ?? 0
        #expect(kills >= 1, "memory.events shows no oom_kill in the container's cgroup:\n\(result.output)")
        if let peak = report["oomcs-memory.peak"].flatMap({ Int($0) }) {
            #expect(peak <= CgroupV2Scenarios.memoryLimit, "memory.peak \(peak) above memory.max")
        }
        #expect(report["oomcs-delete-exit"] == "0", "\(result.output)")
        #expect(report["oomcs-dir-after-delete"] == "gone", "\(result.output)")
    }

    @Test("pids.max 5: the container forks three children, then forking fails")
    func pidsLimitEnforced() throws {
        guard let (report, result) = try CgroupV2Session.report(CgroupV2Scenarios.Name.pids) else { return }
        checkNoSetupErrors(report, result)
        #expect(report["pids-forked-three"] == "1", "forks below the limit failed:\n\(result.output)")
        #expect(report["pids-forked-eight"] == "0", "forks past pids.max succeeded:\n\(result.output)")
        #expect((Int(report["pids-fork-error"] ?? "") ?? 0) >= 1, "no fork error in the container:\n\(result.output)")
        #expect(report["pids-exit"] != "0", "\(result.output)")
        #expect(report["pids-dir-after-run"] == "gone", "\(result.output)")
    }

    @Test("the container's cgroup holds the limits while it runs and is removed by delete")
    func cgroupDirectoryLifecycle() throws {
        guard let (report, result) = try CgroupV2Session.report(CgroupV2Scenarios.Name.lifecycle) else { return }
        checkNoSetupErrors(report, result)
        #expect(report["create-exit"] == "0", "\(result.output)")
        #expect(report["created-status"] == "created", "\(result.output)")
        #expect(report["start-exit"] == "0", "\(result.output)")
        #expect(report["running-status"] == "running", "\(result.output)")
        #expect(report["dir"] == "present", "\(result.output)")
        #expect(report["memory.max"] == Self.memoryLimit, "\(result.output)")
        #expect(report["pids.max"] == String(CgroupV2Scenarios.lifecyclePidsLimit), "\(result.output)")
        let controllers = report.words("controllers")
        #expect(controllers.contains("memory") && controllers.contains("pids"), "\(result.output)")
        for key in ["root-subtree-control", "parent-subtree-control"] {
            let enabled = report.words(key)
            #expect(enabled.contains("memory") && enabled.contains("pids"), "\(key): \(enabled)")
        }
        #expect(report["init-in-procs"] == "1", "the init is not in the container's cgroup.procs:\n\(result.output)")
        #expect(report["init-cgroup"] == "0::/vessel/life", "\(result.output)")
        #expect(report["delete-exit"] == "0", "\(result.output)")
        #expect(report["dir-after-delete"] == "gone", "\(result.output)")
        #expect(report["state-after-delete"] != "0", "state still answers after delete:\n\(result.output)")
    }

    @Test("inside its cgroup namespace the container sees its own cgroup as the root, with its limits")
    func cgroupNamespaceRootedAtOwnCgroup() throws {
        guard let (report, result) = try CgroupV2Session.report(CgroupV2Scenarios.Name.lifecycle) else { return }
        // Guards the order in the init: it unshares CLONE_NEWCGROUP only after the runtime moved it into
        // /vessel/<id>. Created at clone() instead, the namespace was rooted at the runtime's cgroup and the
        // container's cgroup2 mount showed the host's whole tree.
        #expect(report["inside-self-cgroup"] == "0::/", "\(result.output)")
        #expect(report["inside-host-tree"] == "hidden", "the container sees the host's cgroup tree")
        #expect(report["inside-memory.max"] == Self.memoryLimit, "\(result.output)")
        #expect(report["inside-pids.max"] == String(CgroupV2Scenarios.lifecyclePidsLimit), "\(result.output)")
    }

    @Test("pause and resume go through cgroup.freeze")
    func pauseAndResume() throws {
        guard let (report, result) = try CgroupV2Session.report(CgroupV2Scenarios.Name.lifecycle) else { return }
        #expect(report["pause-exit"] == "0", "\(result.output)")
        #expect(report["paused-status"] == "paused", "\(result.output)")
        #expect(report["paused-freeze"] == "1", "\(result.output)")
        #expect(report["paused-frozen"] == "1", "\(result.output)")
        let paused = report.words("paused-ticks")
        #expect(paused.count == 2 && paused.first == paused.last, "a paused container kept ticking: \(paused)")
        #expect(report["resume-exit"] == "0", "\(result.output)")
        #expect(report["resumed-status"] == "running", "\(result.output)")
        #expect(report["resumed-frozen"] == "0", "\(result.output)")
        let resumed = report.words("resumed-ticks")
        #expect(resumed.count == 2 && resumed.first != resumed.last, "a resumed container did not tick: \(resumed)")
        #expect(report["kill-exit"] == "0", "\(result.output)")
        #expect(report["killed-status"] == "stopped", "\(result.output)")
    }

    private func checkNoSetupErrors(_ report: CgroupV2Report, _ result: ScenarioResult) {
        for key in report.values.keys where key.hasSuffix("-error") && key != "pids-fork-error" {
            Issue.record("\(key): \(report[key] ?? "")\n\(result.output)")
        }
        for key in report.values.keys where key.hasPrefix("spec-edit-missing") {
            Issue.record("\(key): \(report[key] ?? "")")
        }
    }
}
}
