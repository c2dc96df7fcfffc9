#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

extension KVMSystem {
    /// Decides whether `path` is a KVM that can boot Linux guests, and why not otherwise.
    ///
    /// PVM is detected through its module directory: its KVM_GET_SUPPORTED_CPUID looks like
    /// ordinary KVM ("KVMKVMKVM"), so CPUID cannot tell it apart.
    public static func diagnoseHost(path: String = "/dev/kvm",
                                    pvmModulePath: String = "/sys/module/kvm_pvm") -> HostDiagnosis {
        let fd: Int32
        do {
            fd = try openDevice(path)
        } catch KVMError.openFailed(_, let code) {
            switch code {
            case ENOENT, ENXIO, ENODEV: return .missingDevice(path: path)
            case EACCES, EPERM: return .permissionDenied(path: path)
            default: return .unavailable(path: path, errno: code)
            }
        } catch {
            return .unavailable(path: path, errno: EIO)
        }
        defer { KVMIoctl.close(fd) }
        let version: Int32
        do {
            version = try KVMIoctl.value(fd, VESSEL_KVM_GET_API_VERSION, name: "KVM_GET_API_VERSION")
        } catch KVMError.ioctlFailed(_, let code) {
            return .unavailable(path: path, errno: code)
        } catch {
            return .unavailable(path: path, errno: EIO)
        }
        guard version == stableAPIVersion else { return .apiVersionMismatch(found: version) }
        if access(pvmModulePath, F_OK) == 0 { return .pvmHost(apiVersion: version) }
        return .usable(apiVersion: version)
    }
}
