#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

/// One virtual CPU. All methods except `setImmediateExit` belong to the single thread that runs it;
/// it is `Sendable` only so that it can be handed to that thread.
public final class VCPU: @unchecked Sendable {
    public let id: UInt32
    let fd: Int32
    /// The mmap'ed kvm_run area shared with the kernel.
    let runArea: UnsafeMutableRawPointer
    let runAreaSize: Int
    /// Keeps the VM (and so its memory) alive as long as the vCPU exists.
    let machine: VirtualMachine

    init(id: UInt32, fd: Int32, runAreaSize: Int, machine: VirtualMachine) throws {
        let mapped = mmap(nil, runAreaSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw KVMError.runAreaMappingFailed(size: runAreaSize, errno: errno)
        }
        self.id = id
        self.fd = fd
        self.runArea = mapped
        self.runAreaSize = runAreaSize
        self.machine = machine
    }

    deinit {
        munmap(runArea, runAreaSize)
        KVMIoctl.close(fd)
    }

    var runStructure: UnsafeMutablePointer<kvm_run> {
        runArea.assumingMemoryBound(to: kvm_run.self)
    }

    public func registers() throws -> kvm_regs {
        try KVMIoctl.structure(fd, VESSEL_KVM_GET_REGS, kvm_regs(), name: "KVM_GET_REGS")
    }

    public func setRegisters(_ registers: kvm_regs) throws {
        try KVMIoctl.structure(fd, VESSEL_KVM_SET_REGS, registers, name: "KVM_SET_REGS")
    }

    public func specialRegisters() throws -> kvm_sregs {
        try KVMIoctl.structure(fd, VESSEL_KVM_GET_SREGS, kvm_sregs(), name: "KVM_GET_SREGS")
    }

    public func setSpecialRegisters(_ registers: kvm_sregs) throws {
        try KVMIoctl.structure(fd, VESSEL_KVM_SET_SREGS, registers, name: "KVM_SET_SREGS")
    }

    public func fpu() throws -> kvm_fpu {
        try KVMIoctl.structure(fd, VESSEL_KVM_GET_FPU, kvm_fpu(), name: "KVM_GET_FPU")
    }

    public func setFPU(_ fpu: kvm_fpu) throws {
        try KVMIoctl.structure(fd, VESSEL_KVM_SET_FPU, fpu, name: "KVM_SET_FPU")
    }

    /// The x87/SSE state a CPU has after FNINIT and reset: control word 0x37f, MXCSR 0x1f80.
    public func setDefaultFPU() throws {
        var state = kvm_fpu()
        state.fcw = 0x37f
        state.mxcsr = 0x1f80
        try setFPU(state)
    }

    /// Asks the next (or the current, if it is about to re-enter) KVM_RUN to return at once with EINTR.
    ///
    /// Safe from another thread or from a signal handler on the vCPU thread: it is a single byte store
    /// into the shared kvm_run area. Pair it with a signal to interrupt a KVM_RUN already in the guest,
    /// and clear it after `run()` returned `.interrupted`.
    public func setImmediateExit(_ on: Bool) {
        immediateExitFlag.pointee = on ? 1 : 0
    }

    /// Address of kvm_run.immediate_exit, for signal handlers that cannot reach the VCPU object.
    public var immediateExitFlag: UnsafeMutablePointer<UInt8> {
        vessel_kvm_run_immediate_exit(runStructure)
    }
}
