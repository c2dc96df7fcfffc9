import CVesselKVM
import VesselBoot
import VesselKVM

extension VCPU {
    /// Loads the boot processor's entry state: segments from the loader's GDT, control registers, and the
    /// general registers carrying boot_params (RSI, 64-bit protocol) or start_info (RBX, PVH).
    func applyBootEntry(_ entry: BootEntry) throws {
        var special = try specialRegisters()
        special.cs = Self.kvmSegment(entry.codeSegment)
        let data = Self.kvmSegment(entry.dataSegment)
        special.ds = data
        special.es = data
        special.fs = data
        special.gs = data
        special.ss = data
        special.tr = Self.kvmSegment(entry.taskSegment)
        special.gdt.base = entry.gdtBase
        special.gdt.limit = entry.gdtLimit
        special.idt.base = entry.idtBase
        special.idt.limit = entry.idtLimit
        special.cr0 = entry.cr0
        special.cr3 = entry.cr3
        special.cr4 = entry.cr4
        special.efer = entry.efer
        try setSpecialRegisters(special)

        var registers = kvm_regs()
        registers.rip = entry.rip
        registers.rsp = entry.rsp
        registers.rbp = entry.rbp
        registers.rsi = entry.rsi
        registers.rbx = entry.rbx
        registers.rflags = entry.rflags
        try setRegisters(registers)
    }

    private static func kvmSegment(_ descriptor: SegmentDescriptor) -> kvm_segment {
        var segment = kvm_segment()
        segment.base = descriptor.base
        segment.limit = descriptor.limit
        segment.selector = descriptor.selector
        segment.type = descriptor.type
        segment.present = descriptor.present ? 1 : 0
        segment.dpl = descriptor.dpl
        segment.db = descriptor.db ? 1 : 0
        segment.s = descriptor.s ? 1 : 0
        segment.l = descriptor.l ? 1 : 0
        segment.g = descriptor.g ? 1 : 0
        segment.avl = descriptor.avl ? 1 : 0
        segment.unusable = descriptor.present ? 0 : 1
        return segment
    }
}
