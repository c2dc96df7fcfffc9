extension Features {
    /// Mount options the rootfs code understands (flags, propagation, and the flags it passes as data).
    public static let vesselMountOptions = [
        "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion", "lazytime",
        "loud", "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion", "nolazytime", "nomand",
        "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private", "rbind", "relatime", "remount",
        "ro", "rprivate", "rshared", "rslave", "runbindable", "rw", "shared", "silent", "slave",
        "strictatime", "suid", "symfollow", "sync", "unbindable",
    ]

    /// Every capability name Linux 5.9+ defines, in number order.
    public static let linuxCapabilityNames = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ]

    /// What vessel-runtime implements; `version` goes into the annotations.
    public static func vessel(version: String) -> Features {
        Features(
            ociVersionMin: "1.0.0",
            ociVersionMax: "1.2.0",
            hooks: ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
            mountOptions: vesselMountOptions,
            linux: LinuxFeatures(
                namespaces: LinuxNamespaceType.allCases.map(\.rawValue).sorted(),
                capabilities: linuxCapabilityNames,
                cgroup: CgroupFeatures(v1: true, v2: true, systemd: false, systemdUser: false),
                seccomp: SeccompFeatures(
                    enabled: true,
                    actions: [
                        "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                        "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP",
                    ],
                    operators: [
                        "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                        "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE",
                    ],
                    archs: ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"]),
                apparmor: EnabledFeature(enabled: false),
                selinux: EnabledFeature(enabled: false)),
            annotations: ["org.vessel.runtime.version": version])
    }
}
