import CVesselKVM

extension VCPU {
    /// Register offsets in the local APIC page (and in kvm_lapic_state.regs).
    static let localVectorTableLINT0Offset = 0x350
    static let localVectorTableLINT1Offset = 0x360
    /// LVT delivery modes, bits 10:8.
    static let deliveryModeNMI: UInt32 = 0b100
    static let deliveryModeExtINT: UInt32 = 0b111

    /// KVM_GET_LAPIC (needs the in-kernel irqchip).
    public func localAPIC() throws -> kvm_lapic_state {
        try KVMIoctl.structure(fd, VESSEL_KVM_GET_LAPIC, kvm_lapic_state(), name: "KVM_GET_LAPIC")
    }

    public func setLocalAPIC(_ state: kvm_lapic_state) throws {
        try KVMIoctl.structure(fd, VESSEL_KVM_SET_LAPIC, state, name: "KVM_SET_LAPIC")
    }

    /// Routes LINT0 as ExtINT (the legacy PIC's output) and LINT1 as NMI, the wiring a PC has and
    /// Linux expects when it starts in virtual-wire mode.
    public func configureLocalInterrupts() throws {
        var state = try localAPIC()
        withUnsafeMutableBytes(of: &state.regs) { registers in
            VCPU.setDeliveryMode(VCPU.deliveryModeExtINT, at: VCPU.localVectorTableLINT0Offset, in: registers)
            VCPU.setDeliveryMode(VCPU.deliveryModeNMI, at: VCPU.localVectorTableLINT1Offset, in: registers)
        }
        try setLocalAPIC(state)
    }

    /// Reads one 32-bit local APIC register out of a saved state.
    public static func localAPICRegister(_ offset: Int, in state: kvm_lapic_state) -> UInt32? {
        var copy = state
        return withUnsafeBytes(of: &copy.regs) { registers in
            guard offset >= 0, offset % 4 == 0, offset + 4 <= registers.count else { return nil }
            return UInt32(littleEndian: registers.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
    }

    private static func setDeliveryMode(_ mode: UInt32, at offset: Int, in registers: UnsafeMutableRawBufferPointer) {
        let current = UInt32(littleEndian: registers.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        let updated = (current & ~0x700) | (mode << 8)
        registers.storeBytes(of: updated.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
}
