import CVesselKVM
import VesselKVM
import VesselMemory

/// A one-vCPU VM running a few hand-assembled instructions, in real mode or 64-bit long mode.
///
/// Real mode: RAM at [0, memorySize), code at `realModeCodeAddress`, CS = DS = 0.
/// Long mode: 2 MiB of RAM; page tables identity-map the first 1 GiB with 2 MiB pages, so guest
/// physical addresses above the RAM (such as `longModeMMIOAddress`) are MMIO.
final class TinyGuest {
    static let realModeCodeAddress: UInt64 = 0x1000
    static let longModeCodeAddress: UInt64 = 0x4000
    static let longModeMemorySize: UInt64 = 0x20_0000
    static let longModeMMIOAddress: UInt64 = 0x1000_0000
    static let gdtAddress: UInt64 = 0x500
    static let pml4Address: UInt64 = 0x1000
    static let pdptAddress: UInt64 = 0x2000
    static let pageDirectoryAddress: UInt64 = 0x3000
    static let codeSelector: UInt16 = 0x8
    static let dataSelector: UInt16 = 0x10

    let system: KVMSystem
    let machine: VirtualMachine
    let memory: GuestMemory
    let vcpu: VCPU

    private init(system: KVMSystem, memorySize: UInt64) throws {
        self.system = system
        machine = try system.createVirtualMachine()
        memory = try GuestMemory(ranges: [(start: GuestAddress(0), size: memorySize)])
        try machine.mapMemory(memory)
        vcpu = try machine.createVCPU(id: 0)
    }

    /// A 16-bit real-mode guest whose first instruction is `code[0]` at CS:IP = 0:0x1000.
    static func realMode(_ code: [UInt8], memorySize: UInt64 = 0x8000, system: KVMSystem) throws -> TinyGuest {
        let guest = try TinyGuest(system: system, memorySize: memorySize)
        try guest.machine.setTSSAddress(0xFFFB_D000)
        try guest.memory.write(code, at: GuestAddress(realModeCodeAddress))
        var sregs = try guest.vcpu.specialRegisters()
        for keyPath in [\kvm_sregs.cs, \.ds, \.es, \.ss, \.fs, \.gs] as [WritableKeyPath<kvm_sregs, kvm_segment>] {
            sregs[keyPath: keyPath].base = 0
            sregs[keyPath: keyPath].selector = 0
        }
        try guest.vcpu.setSpecialRegisters(sregs)
        var regs = kvm_regs()
        regs.rip = realModeCodeAddress
        regs.rflags = 0x2
        regs.rsp = 0x7000
        try guest.vcpu.setRegisters(regs)
        return guest
    }

    /// A 64-bit guest (CPL 0, paging on, flat segments) whose first instruction is at 0x4000.
    static func longMode(_ code: [UInt8], system: KVMSystem) throws -> TinyGuest {
        let guest = try TinyGuest(system: system, memorySize: longModeMemorySize)
        try guest.memory.write(code, at: GuestAddress(longModeCodeAddress))
        try guest.writeIdentityPageTables()
        try guest.writeFlatGDT()
        var sregs = try guest.vcpu.specialRegisters()
        sregs.cs = TinyGuest.segment(selector: codeSelector, type: 0xB, longMode: true)
        let data = TinyGuest.segment(selector: dataSelector, type: 0x3, longMode: false)
        sregs.ds = data; sregs.es = data; sregs.fs = data; sregs.gs = data; sregs.ss = data
        sregs.gdt.base = gdtAddress
        sregs.gdt.limit = 3 * 8 - 1
        sregs.idt.base = 0
        sregs.idt.limit = 0
        sregs.cr3 = pml4Address
        sregs.cr4 = 1 << 5  // PAE
        sregs.cr0 = (1 << 0) | (1 << 4) | (1 << 31)  // PE, ET, PG
        sregs.efer = (1 << 8) | (1 << 10)  // LME, LMA
        try guest.vcpu.setSpecialRegisters(sregs)
        var regs = kvm_regs()
        regs.rip = longModeCodeAddress
        regs.rflags = 0x2
        regs.rsp = 0x10_0000
        try guest.vcpu.setRegisters(regs)
        return guest
    }

    /// A flat 4 GiB segment as KVM caches it; `type` 0xB is execute/read code, 0x3 read/write data.
    static func segment(selector: UInt16, type: UInt8, longMode: Bool) -> kvm_segment {
        var segment = kvm_segment()
        segment.base = 0
        segment.limit = 0xFFFF_FFFF
        segment.selector = selector
        segment.type = type
        segment.present = 1
        segment.dpl = 0
        segment.s = 1
        segment.l = longMode ? 1 : 0
        segment.db = longMode ? 0 : 1
        segment.g = 1
        return segment
    }

    private func writeIdentityPageTables() throws {
        let presentWritable: UInt64 = 0x3
        let largePage: UInt64 = 0x80
        try memory.writeInteger(TinyGuest.pdptAddress | presentWritable, at: GuestAddress(TinyGuest.pml4Address))
        try memory.writeInteger(TinyGuest.pageDirectoryAddress | presentWritable, at: GuestAddress(TinyGuest.pdptAddress))
        for index in 0..<UInt64(512) {
            try memory.writeInteger((index << 21) | presentWritable | largePage,
                                    at: GuestAddress(TinyGuest.pageDirectoryAddress + index * 8))
        }
    }

    private func writeFlatGDT() throws {
        let descriptors: [UInt64] = [
            0,
            0x00AF_9B00_0000_FFFF,  // 64-bit code, DPL 0
            0x00CF_9300_0000_FFFF,  // data, DPL 0
        ]
        for (index, descriptor) in descriptors.enumerated() {
            try memory.writeInteger(descriptor, at: GuestAddress(TinyGuest.gdtAddress + UInt64(index) * 8))
        }
    }

    /// Runs until an exit other than `.interrupted`, giving up after `limit` exits.
    func run(limit: Int = 100) throws -> VCPUExit {
        for _ in 0..<limit {
            let exit = try vcpu.run()
            if case .interrupted = exit { continue }
            return exit
        }
        return .interrupted
    }
}

/// Instruction bytes used by the tests, so each guest reads like assembly.
enum X86 {
    static func movAL(_ value: UInt8) -> [UInt8] { [0xB0, value] }
    static func movAX16(_ value: UInt16) -> [UInt8] { [0xB8] + le(value) }
    static func movDX16(_ port: UInt16) -> [UInt8] { [0xBA] + le(port) }
    static let outDXAL: [UInt8] = [0xEE]
    static let outDXAX16: [UInt8] = [0xEF]
    static let inALDX: [UInt8] = [0xEC]
    static let incAL: [UInt8] = [0xFE, 0xC0]
    static let hlt: [UInt8] = [0xF4]
    static let int3: [UInt8] = [0xCC]
    /// mov al, [moffs16] / mov [moffs16], al / mov [moffs16], ax (16-bit addressing, DS = 0).
    static func loadAL(from address: UInt16) -> [UInt8] { [0xA0] + le(address) }
    static func storeAL(to address: UInt16) -> [UInt8] { [0xA2] + le(address) }
    static func storeAX16(to address: UInt16) -> [UInt8] { [0xA3] + le(address) }
    /// lidt [disp16]
    static func lidt16(_ address: UInt16) -> [UInt8] { [0x0F, 0x01, 0x1E] + le(address) }

    // 64-bit mode
    static func movRAX(_ value: UInt64) -> [UInt8] { [0x48, 0xB8] + le(value) }
    static func storeRAX(to address: UInt64) -> [UInt8] { [0x48, 0xA3] + le(address) }
    static func loadRAX(from address: UInt64) -> [UInt8] { [0x48, 0xA1] + le(address) }
    static func movDX64(_ port: UInt16) -> [UInt8] { [0x66, 0xBA] + le(port) }
    static let outDXEAX: [UInt8] = [0xEF]
    static let shrRAX32: [UInt8] = [0x48, 0xC1, 0xE8, 0x20]
    static let jmpRAX: [UInt8] = [0xFF, 0xE0]

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
