import Foundation

/// Where the cgroup v2 tests find the `vessel-runtime` binary and the static busybox for the bundle.
enum CgroupV2Environment {
    /// `VESSEL_RUNTIME_BINARY`, else `vessel-runtime` in the test bundle's bin directory.
    static var runtimeBinary: String? {
        if let explicit = ProcessInfo.processInfo.environment["VESSEL_RUNTIME_BINARY"], !explicit.isEmpty {
            return explicit
        }
        let sibling = IntegrationEnvironment.executableDirectory + "/vessel-runtime"
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    /// L2's /bin/busybox is the host's static busybox; the scenarios copy it into the container rootfs.
    static let busybox = "/bin/busybox"

    /// Only cgroup2, mounted by the scenarios at /sys/fs/cgroup: no v1 controller can claim anything.
    static let kernelCommandLine = "console=ttyS0 quiet panic=-1 softlockup_panic=1 "
        + "cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1"
}
