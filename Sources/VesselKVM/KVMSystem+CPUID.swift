#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

extension KVMSystem {
    /// KVM_GET_SUPPORTED_CPUID: every leaf KVM can present to a guest, with the host's values.
    /// The buffer grows on E2BIG, since the number of leaves depends on the CPU.
    public func supportedCPUID() throws -> [kvm_cpuid_entry2] {
        var capacity = 128
        while capacity <= 8192 {
            do {
                return try CPUIDList.withBuffer(capacity: capacity) { header in
                    try KVMIoctl.pointer(fd, VESSEL_KVM_GET_SUPPORTED_CPUID, header, name: "KVM_GET_SUPPORTED_CPUID")
                }
            } catch KVMError.ioctlFailed(_, let code) where code == E2BIG {
                capacity *= 2
            }
        }
        throw KVMError.cpuidListTooLarge(entries: capacity / 2)
    }
}
