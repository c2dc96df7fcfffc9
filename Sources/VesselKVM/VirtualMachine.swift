#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM
import Synchronization
import VesselMemory

/// A KVM virtual machine: memory slots, the in-kernel interrupt controllers, eventfd wiring and vCPUs.
///
/// VM ioctls are safe to issue from any thread; KVM serialises them itself.
public final class VirtualMachine: @unchecked Sendable {
    let fd: Int32
    let vcpuMmapSize: Int
    /// Regions stay alive while mapped, so KVM never sees host memory that was unmapped under it.
    private let mappedRegions = Mutex<[UInt32: GuestMemoryRegion]>([:])

    init(fd: Int32, vcpuMmapSize: Int) {
        self.fd = fd
        self.vcpuMmapSize = vcpuMmapSize
    }

    deinit {
        KVMIoctl.close(fd)
    }

    /// KVM_CHECK_EXTENSION on the VM: some capabilities (e.g. KVM_CAP_MAX_VCPUS) are per-VM.
    public func checkExtension(_ capability: Int32) -> Int32 {
        (try? KVMIoctl.value(fd, VESSEL_KVM_CHECK_EXTENSION, UInt(bitPattern: Int(capability)),
                             name: "KVM_CHECK_EXTENSION")) ?? 0
    }

    /// KVM_SET_TSS_ADDR: three pages of guest physical space, outside RAM, that Intel VMX needs for real mode.
    public func setTSSAddress(_ address: UInt64) throws {
        guard address <= UInt64(UInt32.max) - 3 * 4096 else {
            throw KVMError.invalidArgument("TSS address 0x\(String(address, radix: 16)) must lie below 4 GiB")
        }
        try KVMIoctl.value(fd, VESSEL_KVM_SET_TSS_ADDR, UInt(address), name: "KVM_SET_TSS_ADDR")
    }

    /// KVM_SET_IDENTITY_MAP_ADDR: one page of guest physical space, outside RAM, for the EPT identity map.
    public func setIdentityMapAddress(_ address: UInt64) throws {
        var value = address
        try KVMIoctl.pointer(fd, VESSEL_KVM_SET_IDENTITY_MAP_ADDR, &value, name: "KVM_SET_IDENTITY_MAP_ADDR")
    }

    /// KVM_CREATE_IRQCHIP: in-kernel PIC pair, IOAPIC and per-vCPU local APICs. Call before creating vCPUs.
    public func createInterruptController() throws {
        try KVMIoctl.value(fd, VESSEL_KVM_CREATE_IRQCHIP, name: "KVM_CREATE_IRQCHIP")
    }

    /// KVM_CREATE_PIT2 with flags 0: the in-kernel i8254 timer (needs the irqchip first).
    public func createPIT() throws {
        var config = kvm_pit_config()
        config.flags = 0
        try KVMIoctl.pointer(fd, VESSEL_KVM_CREATE_PIT2, &config, name: "KVM_CREATE_PIT2")
    }

    /// KVM_SET_USER_MEMORY_REGION: makes `region` guest RAM at its start address in `slot`.
    public func mapMemory(slot: UInt32, region: GuestMemoryRegion) throws {
        var description = kvm_userspace_memory_region()
        description.slot = slot
        description.flags = 0
        description.guest_phys_addr = region.start.rawValue
        description.memory_size = region.size
        description.userspace_addr = UInt64(UInt(bitPattern: region.hostBase))
        try KVMIoctl.pointer(fd, VESSEL_KVM_SET_USER_MEMORY_REGION, &description, name: "KVM_SET_USER_MEMORY_REGION")
        mappedRegions.withLock { $0[slot] = region }
    }

    /// Maps every region of `memory`, in slots firstSlot, firstSlot+1, ...
    public func mapMemory(_ memory: GuestMemory, firstSlot: UInt32 = 0) throws {
        for (offset, region) in memory.regions.enumerated() {
            try mapMemory(slot: firstSlot + UInt32(offset), region: region)
        }
    }

    /// Removes a slot (a zero-sized KVM_SET_USER_MEMORY_REGION).
    public func unmapMemory(slot: UInt32) throws {
        var description = kvm_userspace_memory_region()
        description.slot = slot
        try KVMIoctl.pointer(fd, VESSEL_KVM_SET_USER_MEMORY_REGION, &description, name: "KVM_SET_USER_MEMORY_REGION")
        _ = mappedRegions.withLock { $0.removeValue(forKey: slot) }
    }

    /// KVM_CREATE_VCPU followed by mapping its kvm_run area.
    public func createVCPU(id: UInt32) throws -> VCPU {
        let vcpuFD = try KVMIoctl.value(fd, VESSEL_KVM_CREATE_VCPU, UInt(id), name: "KVM_CREATE_VCPU")
        do {
            return try VCPU(id: id, fd: vcpuFD, runAreaSize: vcpuMmapSize, machine: self)
        } catch {
            KVMIoctl.close(vcpuFD)
            throw error
        }
    }
}
