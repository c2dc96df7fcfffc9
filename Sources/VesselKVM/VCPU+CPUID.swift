#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

extension VCPU {
    /// KVM_SET_CPUID2: what CPUID returns in the guest (use `CPUIDTemplate` to derive the per-vCPU list).
    public func setCPUID(_ entries: [kvm_cpuid_entry2]) throws {
        guard entries.count <= 4096 else {
            throw KVMError.invalidArgument("\(entries.count) CPUID entries is more than KVM accepts")
        }
        _ = try CPUIDList.withList(entries) { list in
            try KVMIoctl.pointer(fd, VESSEL_KVM_SET_CPUID2, list, name: "KVM_SET_CPUID2")
        }
    }

    /// KVM_GET_CPUID2: the list currently in effect for this vCPU.
    public func cpuid() throws -> [kvm_cpuid_entry2] {
        var capacity = 128
        while true {
            do {
                return try CPUIDList.withBuffer(capacity: capacity) { header in
                    try KVMIoctl.pointer(fd, VESSEL_KVM_GET_CPUID2, header, name: "KVM_GET_CPUID2")
                }
            } catch KVMError.ioctlFailed(_, let code) where code == E2BIG && capacity < 8192 {
                capacity *= 2
            }
        }
    }
}
