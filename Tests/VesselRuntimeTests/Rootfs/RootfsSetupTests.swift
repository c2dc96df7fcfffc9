import Foundation
import Glibc
import Testing
import VesselOCISpec
@testable import VesselRuntime

/// Each test forks a child that unshares a mount namespace, prepares a busybox rootfs and reports what it
/// sees from inside. Serialized: fork from a busy multi-threaded test process is kept to one at a time.
@Suite(.serialized) struct RootfsSetupTests {
    private func skipUnlessRoot() -> Bool {
        guard RootfsTestBed.isRoot else {
            print("SKIP: rootfs tests need root (mount namespaces, mknod)")
            return true
        }
        return false
    }

    @Test func prepareBuildsTheContainerViewLikeRunc() throws {
        if skipUnlessRoot() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let escapeName = "vessel-escape-\(getpid())"
        try FileManager.default.createSymbolicLink(atPath: bed.rootfs + "/hostetc", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: bed.rootfs + "/uplink", withDestinationPath: "../../../../../../etc")

        var spec = bed.spec()
        spec.root?.readonly = true
        spec.mounts? += [
            Mount(destination: "/mnt/data", type: "bind", source: bed.hostData, options: ["rbind", "ro"]),
            Mount(destination: "/etc/hello.txt", type: "bind", source: bed.hostData + "/hello.txt", options: ["bind"]),
            Mount(destination: "/hostetc/\(escapeName)", type: "tmpfs", source: "tmpfs", options: ["size=1m"]),
            Mount(destination: "/uplink/\(escapeName)-up", type: "tmpfs", source: "tmpfs", options: ["size=1m", "ro"]),
        ]
        spec.linux?.maskedPaths? += ["/masked-dir", "/etc/masked-file"]
        spec.linux?.readonlyPaths? += ["/ro-dir"]
        spec.linux?.devices = [LinuxDevice(path: "/dev/vessel-full", type: "c", major: 1, minor: 7, fileMode: 0o620, uid: 0, gid: 0)]
        spec.linux?.sysctl = ["net.ipv4.ip_forward": "1"]
        try spec.validate()
        let hostDirectory = bed.directory

        let findings = ChildProcess.run(unsharing: RootfsSyscall.cloneNewNetwork) { _ in
            do {
                try RootfsSetup().prepare(spec: spec, bundlePath: bed.bundle)
            } catch {
                return ["prepare": "\(error)"]
            }
            let mountPoints = RootfsMountTable.mountPoints()
            return [
                "prepare": "ok",
                "hello": ChildProcess.readText("/mnt/data/hello.txt"),
                "bindWrite": "\(ChildProcess.writeErrno("/mnt/data/new"))",
                "fileBind": ChildProcess.readText("/etc/hello.txt"),
                "escapeWrite": "\(ChildProcess.writeErrno("/etc/\(escapeName)/file"))",
                "escapeUpWrite": "\(ChildProcess.writeErrno("/etc/\(escapeName)-up/file"))",
                "kcore": ChildProcess.readText("/proc/kcore"),
                "maskedDirSecret": ChildProcess.readText("/masked-dir/secret"),
                "maskedFile": ChildProcess.readText("/etc/masked-file"),
                "roDirWrite": "\(ChildProcess.writeErrno("/ro-dir/x"))",
                "procSysWrite": "\(ChildProcess.writeErrno("/proc/sys/kernel/domainname"))",
                "ipForward": ChildProcess.readText("/proc/sys/net/ipv4/ip_forward"),
                "null": ChildProcess.deviceDescription("/dev/null"),
                "zero": ChildProcess.deviceDescription("/dev/zero"),
                "tty": ChildProcess.deviceDescription("/dev/tty"),
                "custom": ChildProcess.deviceDescription("/dev/vessel-full"),
                "ptmx": ChildProcess.linkTarget("/dev/ptmx"),
                "fd": ChildProcess.linkTarget("/dev/fd"),
                "stderr": ChildProcess.linkTarget("/dev/stderr"),
                "marker": ChildProcess.readText("/container-marker"),
                "hostDirVisible": "\(ChildProcess.exists(hostDirectory))",
                "rootWrite": "\(ChildProcess.writeErrno("/newfile"))",
                "mountPoints": mountPoints.joined(separator: ","),
                "cwd": String(cString: getcwd(nil, 0)),
            ]
        }
        #expect(findings["harness"] == nil)
        #expect(findings["prepare"] == "ok")
        #expect(findings["hello"] == "hello from host|")
        #expect(findings["bindWrite"] == "\(EROFS)")
        #expect(findings["fileBind"] == "hello from host|")
        #expect(findings["escapeWrite"] == "0")
        #expect(findings["escapeUpWrite"] == "\(EROFS)")
        if FileManager.default.fileExists(atPath: "/proc/kcore") {
            #expect(findings["kcore"] == "")
        }
        #expect(findings["maskedDirSecret"] == "errno \(ENOENT)")
        #expect(findings["maskedFile"] == "")
        #expect(findings["roDirWrite"] == "\(EROFS)")
        #expect(findings["procSysWrite"] == "\(EROFS)")
        #expect(findings["ipForward"] == "1|")
        #expect(findings["null"] == "c 1:3 666")
        #expect(findings["zero"] == "c 1:5 666")
        #expect(findings["tty"] == "c 5:0 666")
        #expect(findings["custom"] == "c 1:7 620")
        #expect(findings["ptmx"] == "pts/ptmx")
        #expect(findings["fd"] == "/proc/self/fd")
        #expect(findings["stderr"] == "/proc/self/fd/2")
        #expect(findings["marker"] == "container|")
        #expect(findings["hostDirVisible"] == "false")
        #expect(findings["rootWrite"] == "\(EROFS)")
        #expect(findings["cwd"] == "/")
        let points = findings["mountPoints"]?.split(separator: ",").map(String.init) ?? []
        #expect(points.first == "/")
        #expect(points.contains("/mnt/data") && points.contains("/dev/pts") && points.contains("/proc"))
        #expect(!points.contains { $0.hasPrefix("/tmp/vessel-rootfs") || $0 == "/sys/fs/cgroup/memory" })
        // The symlinked destinations were created inside the rootfs, never on the host.
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(escapeName)"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(escapeName)-up"))
        #expect(FileManager.default.fileExists(atPath: bed.rootfs + "/etc/\(escapeName)"))
        #expect(FileManager.default.fileExists(atPath: bed.rootfs + "/etc/\(escapeName)-up"))
        // Nothing the child mounted leaked into the host's mount table.
        #expect(!RootfsMountTable.mountPoints().contains { $0.hasPrefix(bed.directory) })
    }

    @Test func busyboxRunsInsideThePreparedRoot() throws {
        if skipUnlessRoot() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let spec = bed.spec()
        let findings = ChildProcess.run { report in
            do {
                try RootfsSetup().prepare(spec: spec, bundlePath: bed.bundle)
            } catch {
                return ["prepare": "\(error)"]
            }
            guard dup2(report, 1) == 1 else { return ["dup2": "errno \(errno)"] }
            let script = "echo marker=$(cat /container-marker); echo proc=$(ls /proc/self/fd >/dev/null && echo ok); "
                + "echo root=$(ls / | tr '\\n' ' '); echo null=$(echo hi > /dev/null && echo ok)"
            let arguments = ["sh", "-c", script]
            var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
            pointers.append(nil)
            execv("/bin/busybox", &pointers)
            return ["exec": "errno \(errno)"]
        }
        #expect(findings["harness"] == nil)
        #expect(findings["prepare"] == nil)
        #expect(findings["marker"] == "container", "findings: \(findings)")
        #expect(findings["proc"] == "ok")
        #expect(findings["null"] == "ok")
        let entries = Set(findings["root"]?.split(separator: " ").map(String.init) ?? [])
        #expect(entries.isSuperset(of: ["bin", "dev", "etc", "proc", "sys", "container-marker"]))
        #expect(!entries.contains("bundle"))
    }

    @Test func noPivotMovesTheRootAndChroots() throws {
        if skipUnlessRoot() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let spec = bed.spec()
        let hostDirectory = bed.directory
        let findings = ChildProcess.run { _ in
            do {
                try RootfsSetup(options: RootfsOptions(noPivot: true)).prepare(spec: spec, bundlePath: bed.bundle)
            } catch {
                return ["prepare": "\(error)"]
            }
            return [
                "prepare": "ok",
                "marker": ChildProcess.readText("/container-marker"),
                "hostDirVisible": "\(ChildProcess.exists(hostDirectory))",
                "null": ChildProcess.deviceDescription("/dev/null"),
            ]
        }
        #expect(findings["prepare"] == "ok")
        #expect(findings["marker"] == "container|")
        #expect(findings["hostDirVisible"] == "false")
        #expect(findings["null"] == "c 1:3 666")
    }

    @Test func userNamespaceModeBindsHostDevices() throws {
        if skipUnlessRoot() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let spec = bed.spec()
        let findings = ChildProcess.run { _ in
            do {
                try RootfsSetup(options: RootfsOptions(bindDevices: true)).prepare(spec: spec, bundlePath: bed.bundle)
            } catch {
                return ["prepare": "\(error)"]
            }
            let points = RootfsMountTable.mountPoints()
            return [
                "prepare": "ok",
                "null": ChildProcess.deviceDescription("/dev/null"),
                "nullIsMount": "\(points.contains("/dev/null"))",
            ]
        }
        #expect(findings["prepare"] == "ok")
        #expect(findings["null"] == "c 1:3 666")
        #expect(findings["nullIsMount"] == "true")
    }

    @Test func cgroupMountShowsTheContainersOwnCgroupsReadOnly() throws {
        if skipUnlessRoot() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        var spec = bed.spec()
        spec.mounts?.append(Mount(
            destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
            options: ["nosuid", "noexec", "nodev", "relatime", "ro"]))
        spec.linux?.namespaces?.removeAll { $0.type == .cgroup }
        let plan = RootfsCgroupPlan.detect()
        let findings = ChildProcess.run { _ in
            do {
                try RootfsSetup(options: RootfsOptions(cgroup: plan)).prepare(spec: spec, bundlePath: bed.bundle)
            } catch {
                return ["prepare": "\(error)"]
            }
            var result = ["prepare": "ok", "mkdir": "\(mkdir("/sys/fs/cgroup/vessel-x", 0o755) == 0 ? 0 : errno)"]
            switch plan {
            case .v1(let hierarchies):
                result["kind"] = "v1"
                result["missing"] = hierarchies.filter {
                    !ChildProcess.exists("/sys/fs/cgroup/\($0.directoryName)/cgroup.procs")
                }.map(\.directoryName).joined(separator: ",")
                result["count"] = "\(hierarchies.count)"
                if hierarchies.contains(where: { $0.directoryName == "memory" }) {
                    result["memoryWrite"] = "\(ChildProcess.writeErrno("/sys/fs/cgroup/memory/memory.limit_in_bytes", "1"))"
                }
            case .v2:
                result["kind"] = "v2"
                result["missing"] = ChildProcess.exists("/sys/fs/cgroup/cgroup.procs") ? "" : "cgroup.procs"
            case .none:
                result["kind"] = "none"
            }
            return result
        }
        #expect(findings["prepare"] == "ok")
        #expect(findings["kind"] != "none", "this host has cgroups; detect() found none")
        #expect(findings["missing"] == "")
        #expect(findings["mkdir"] == "\(EROFS)")
        if findings["kind"] == "v1" {
            #expect((Int(findings["count"] ?? "0") ?? 0) > 0)
            if let memoryWrite = findings["memoryWrite"] { #expect(memoryWrite == "\(EROFS)") }
        }
    }

    @Test func badMountsFailWithOneLineNamingTheDestination() throws {
        if skipUnlessRoot() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        var overProc = bed.spec()
        overProc.mounts?.append(Mount(destination: "/proc/sys/kernel", type: "bind", source: "/tmp", options: ["bind"]))
        var missingSource = bed.spec()
        missingSource.mounts?.append(Mount(destination: "/mnt/x", type: "bind", source: "/nonexistent-vessel", options: ["bind"]))
        var badType = bed.spec()
        badType.mounts?.append(Mount(destination: "/mnt/y", type: "no-such-fs", source: "none"))
        var sysctl = bed.spec()
        sysctl.linux?.sysctl = ["vm.swappiness": "10"]

        var findings: [String: String] = [:]
        for (name, spec) in [("proc", overProc), ("source", missingSource), ("type", badType)] {
            let reported = ChildProcess.run { _ in
                do {
                    _ = try RootfsSetup().mountRootfs(spec: spec, bundlePath: bed.bundle)
                    return [name: "no error"]
                } catch {
                    return [name: "\(error)"]
                }
            }
            findings[name] = reported[name] ?? reported["harness"]
        }
        do {
            try RootfsSetup.writeSysctls(spec: sysctl)
            findings["sysctl"] = "no error"
        } catch {
            findings["sysctl"] = "\(error)"
        }
        #expect(findings["proc"] == "mount /proc/sys/kernel: mounts over /proc entries are not allowed")
        #expect(findings["source"]
            == "stat bind source for /mnt/x: /nonexistent-vessel: No such file or directory (errno \(ENOENT))")
        #expect(findings["type"] == "mount /mnt/y: mount no-such-fs from none: No such device (errno \(ENODEV))")
        #expect(findings["sysctl"] == "sysctl vm.swappiness: sysctl vm.swappiness is not in a namespace the container owns")
    }
}

extension RootfsSetupTests {
    @Test func consoleIsTheContainersPtySlave() throws {
        if skipUnlessRootForConsole() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let spec = bed.spec()
        var readonlySpec = spec
        readonlySpec.root?.readonly = true
        let findings = ChildProcess.run { _ in
            var slave = ""
            var hookRanBeforePivot = false
            do {
                try RootfsSetup().prepare(
                    spec: readonlySpec, bundlePath: bed.bundle,
                    beforePivot: { hookRanBeforePivot = ChildProcess.exists(bed.rootfs + "/dev/null") },
                    afterPivot: {
                        // The container's devpts instance, as the lifecycle code allocates it after pivot_root.
                        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
                        var unlock: Int32 = 0
                        var number: UInt32 = 0
                        let tiocsptlck: UInt = 0x4004_5431
                        let tiocgptn: UInt = 0x8004_5430
                        guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
                            throw RootfsError.pathFailed(operation: "open pty", path: "/dev/ptmx", errno: errno)
                        }
                        slave = "/dev/pts/\(number)"
                        try RootfsSetup.mountConsole(slavePath: slave)
                    })
            } catch {
                return ["prepare": "\(error)"]
            }
            return ["hookRanBeforePivot": "\(hookRanBeforePivot)", "rootWrite": "\(ChildProcess.writeErrno("/newfile"))","slave": slave, "slaveDevice": ChildProcess.deviceDescription(slave),
                    "console": ChildProcess.deviceDescription("/dev/console")]
        }
        #expect(findings["prepare"] == nil)
        #expect(findings["hookRanBeforePivot"] == "true")
        #expect(findings["rootWrite"] == "\(EROFS)")
        #expect(findings["slave"]?.hasPrefix("/dev/pts/") == true)
        let slaveNumbers = findings["slaveDevice"]?.split(separator: " ").dropFirst().first
        let consoleNumbers = findings["console"]?.split(separator: " ").dropFirst().first
        #expect(slaveNumbers != nil && slaveNumbers == consoleNumbers)
        #expect(findings["console"]?.hasPrefix("c 136:") == true)
    }

    private func skipUnlessRootForConsole() -> Bool {
        guard RootfsTestBed.isRoot else {
            print("SKIP: console test needs root")
            return true
        }
        return false
    }
}

extension RootfsSetupTests {
    @Test func refusesTheHostMountNamespace() throws {
        if skipUnlessRootForConsole() { return }
        // Only the predicate runs here: calling mountRootfs in the test process would touch host mounts if it were wrong.
        #expect(RootfsSetup.inPrivateMountNamespace() == false)
        let findings = ChildProcess.run { _ in ["private": "\(RootfsSetup.inPrivateMountNamespace())"] }
        #expect(findings["private"] == "true")
    }

    @Test func cgroupNamespaceMountsV1HierarchiesDirectly() throws {
        if skipUnlessRootForConsole() { return }
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        var spec = bed.spec()
        spec.mounts?.append(Mount(
            destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
            options: ["nosuid", "noexec", "nodev", "relatime", "ro"]))
        let plan = RootfsCgroupPlan.detect()
        let findings = ChildProcess.run(unsharing: RootfsSyscall.cloneNewCgroup) { _ in
            do {
                try RootfsSetup(options: RootfsOptions(cgroup: plan)).prepare(spec: spec, bundlePath: bed.bundle)
            } catch {
                return ["prepare": "\(error)"]
            }
            var result = ["prepare": "ok", "mkdir": "\(mkdir("/sys/fs/cgroup/vessel-x", 0o755) == 0 ? 0 : errno)"]
            if case .v1(let hierarchies) = plan {
                result["missing"] = hierarchies.filter {
                    !ChildProcess.exists("/sys/fs/cgroup/\($0.directoryName)/cgroup.procs")
                }.map(\.directoryName).joined(separator: ",")
            } else {
                result["missing"] = ChildProcess.exists("/sys/fs/cgroup/cgroup.procs") ? "" : "cgroup.procs"
            }
            result["ownCgroup"] = ChildProcess.readText("/proc/self/cgroup")
            return result
        }
        #expect(findings["prepare"] == "ok")
        #expect(findings["missing"] == "")
        #expect(findings["mkdir"] == "\(EROFS)")
        // Inside its cgroup namespace the process sees itself at the root of every hierarchy.
        let paths = findings["ownCgroup"]?.split(separator: "|").compactMap { $0.split(separator: ":", maxSplits: 2).last } ?? []
        #expect(!paths.isEmpty && paths.allSatisfy { $0 == "/" })
    }
}
