/// What this host's KVM can do for Vessel, with a one-line explanation for each unusable case.
public enum HostDiagnosis: Equatable, Sendable, CustomStringConvertible {
    /// /dev/kvm opens, speaks API 12 and is backed by hardware virtualization.
    case usable(apiVersion: Int32)
    /// The device node does not exist.
    case missingDevice(path: String)
    /// The device exists but this user may not open it.
    case permissionDenied(path: String)
    /// /dev/kvm is provided by PVM (kvm_pvm): tiny guests run, an unmodified Linux kernel does not.
    case pvmHost(apiVersion: Int32)
    /// KVM_GET_API_VERSION returned something other than 12.
    case apiVersionMismatch(found: Int32)
    /// open or ioctl failed for another reason.
    case unavailable(path: String, errno: Int32)

    /// True only when an unmodified Linux guest can be expected to boot.
    public var isUsable: Bool {
        if case .usable = self { return true }
        return false
    }

    /// True when /dev/kvm can create VMs at all (small hand-built guests work on PVM).
    public var canCreateVirtualMachines: Bool {
        switch self {
        case .usable, .pvmHost: return true
        default: return false
        }
    }

    /// One line: what is wrong and what to do about it.
    public var message: String {
        switch self {
        case let .usable(version):
            return "KVM is usable (API version \(version))"
        case let .missingDevice(path):
            return "\(path) does not exist: enable VT-x/AMD-V in firmware and load kvm_intel or kvm_amd (modprobe), or run inside the nested test bed `vessel-testbed`"
        case let .permissionDenied(path):
            return "permission denied opening \(path): run as root or add this user to the group that owns \(path) (usually `kvm`)"
        case .pvmHost:
            return "/dev/kvm is provided by PVM (kvm_pvm), where an unmodified Linux guest cannot boot: use the nested test bed `vessel-testbed`, or a host with VT-x/AMD-V and kvm_intel/kvm_amd"
        case let .apiVersionMismatch(found):
            return "KVM API version is \(found), but Vessel needs \(KVMSystem.stableAPIVersion): this kernel's KVM is not supported"
        case let .unavailable(path, code):
            return "cannot use \(path): \(KVMError.text(for: code))"
        }
    }

    public var description: String { message }
}
