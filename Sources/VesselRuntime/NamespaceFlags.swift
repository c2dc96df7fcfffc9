import VesselOCISpec

/// CLONE_NEW* values and /proc/PID/ns names per OCI namespace type.
enum NamespaceFlags {
    static func cloneFlag(_ type: LinuxNamespaceType) -> UInt64 {
        switch type {
        case .mount: return 0x0002_0000
        case .cgroup: return 0x0200_0000
        case .uts: return 0x0400_0000
        case .ipc: return 0x0800_0000
        case .user: return 0x1000_0000
        case .pid: return 0x2000_0000
        case .network: return 0x4000_0000
        case .time: return 0x0000_0080
        }
    }

    static func procName(_ type: LinuxNamespaceType) -> String {
        switch type {
        case .mount: return "mnt"
        case .network: return "net"
        default: return type.rawValue
        }
    }

    /// setns order: user first (it grants the rights for the rest), mount last.
    static let joinOrder: [LinuxNamespaceType] = [.user, .ipc, .uts, .network, .cgroup, .time, .mount]
}
