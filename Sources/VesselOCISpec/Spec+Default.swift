extension Spec {
    /// The OCI version Vessel writes in new documents.
    public static let currentVersion = "1.0.2-dev"

    /// The capabilities runc grants by default.
    public static let defaultCapabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]

    public static let defaultMaskedPaths = [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ]

    public static let defaultReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    /// The same content as `runc spec` (not rootless), with the cgroup namespace newer runc adds.
    public static func defaultSpec() -> Spec {
        let capabilities = LinuxCapabilities(
            bounding: defaultCapabilities, effective: defaultCapabilities,
            permitted: defaultCapabilities, ambient: defaultCapabilities)
        let process = ProcessSpec(
            terminal: true,
            user: ProcessUser(uid: 0, gid: 0),
            args: ["sh"],
            env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            cwd: "/",
            capabilities: capabilities,
            rlimits: [POSIXRlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)],
            noNewPrivileges: true)
        let mounts = [
            Mount(destination: "/proc", type: "proc", source: "proc"),
            Mount(destination: "/dev", type: "tmpfs", source: "tmpfs",
                  options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(destination: "/dev/pts", type: "devpts", source: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            Mount(destination: "/dev/shm", type: "tmpfs", source: "shm",
                  options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue",
                  options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/sys", type: "sysfs", source: "sysfs",
                  options: ["nosuid", "noexec", "nodev", "ro"]),
            Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
                  options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
        ]
        let linux = Linux(
            resources: LinuxResources(devices: [LinuxDeviceCgroup(allow: false, access: "rwm")]),
            namespaces: [.pid, .network, .ipc, .uts, .mount, .cgroup].map { LinuxNamespace(type: $0) },
            maskedPaths: defaultMaskedPaths,
            readonlyPaths: defaultReadonlyPaths)
        return Spec(
            ociVersion: currentVersion,
            process: process,
            root: Root(path: "rootfs", readonly: true),
            hostname: "runc",
            mounts: mounts,
            linux: linux)
    }
}
