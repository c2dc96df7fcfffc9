#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

/// An open /dev/kvm: capabilities, supported CPUID, and the factory for virtual machines.
public final class KVMSystem: Sendable {
    /// The only KVM API version there has ever been in mainline Linux.
    public static let stableAPIVersion: Int32 = 12

    public let path: String
    let fd: Int32
    public let apiVersion: Int32
    /// Size of the per-vCPU shared area (struct kvm_run plus the PIO data page and more).
    public let vcpuMmapSize: Int

    public init(path: String = "/dev/kvm") throws {
        let fd = try KVMSystem.openDevice(path)
        do {
            let version = try KVMIoctl.value(fd, VESSEL_KVM_GET_API_VERSION, name: "KVM_GET_API_VERSION")
            guard version == KVMSystem.stableAPIVersion else {
                throw KVMError.unsupportedAPIVersion(found: version, expected: KVMSystem.stableAPIVersion)
            }
            let size = try KVMIoctl.value(fd, VESSEL_KVM_GET_VCPU_MMAP_SIZE, name: "KVM_GET_VCPU_MMAP_SIZE")
            guard Int(size) >= MemoryLayout<kvm_run>.size else {
                throw KVMError.invalidArgument("KVM_GET_VCPU_MMAP_SIZE returned \(size), smaller than struct kvm_run")
            }
            self.path = path
            self.fd = fd
            self.apiVersion = version
            self.vcpuMmapSize = Int(size)
        } catch {
            KVMIoctl.close(fd)
            throw error
        }
    }

    deinit {
        KVMIoctl.close(fd)
    }

    static func openDevice(_ path: String) throws -> Int32 {
        while true {
            let fd = open(path, O_RDWR | O_CLOEXEC)
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            throw KVMError.openFailed(path: path, errno: code)
        }
    }

    /// KVM_CHECK_EXTENSION: 0 when absent, otherwise a capability-specific positive value.
    public func checkExtension(_ capability: Int32) -> Int32 {
        (try? KVMIoctl.value(fd, VESSEL_KVM_CHECK_EXTENSION, UInt(bitPattern: Int(capability)),
                             name: "KVM_CHECK_EXTENSION")) ?? 0
    }

    /// KVM_CAP_NR_VCPUS, or 4 when the kernel does not say (the documented fallback).
    public var recommendedVCPUCount: Int {
        let value = checkExtension(KVM_CAP_NR_VCPUS)
        return value > 0 ? Int(value) : 4
    }

    /// KVM_CAP_MAX_VCPUS, or the recommended count when the kernel does not say.
    public var maximumVCPUCount: Int {
        let value = checkExtension(KVM_CAP_MAX_VCPUS)
        return value > 0 ? Int(value) : recommendedVCPUCount
    }

    public func createVirtualMachine() throws -> VirtualMachine {
        let vmFD = try KVMIoctl.value(fd, VESSEL_KVM_CREATE_VM, 0, name: "KVM_CREATE_VM")
        return VirtualMachine(fd: vmFD, vcpuMmapSize: vcpuMmapSize)
    }
}
