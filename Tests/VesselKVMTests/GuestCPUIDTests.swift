import Testing
import VesselKVM

@Suite struct GuestCPUIDTests {
    /// mov eax, 1; xor ecx, ecx; cpuid; mov eax, ebx; mov dx, 0x3f8; out dx, eax; hlt
    static let reportLeaf1EBX: [UInt8] = [0xB8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xC9, 0x0F, 0xA2, 0x89, 0xD8]
        + X86.movDX64(0x3F8) + X86.outDXEAX + X86.hlt

    @Test(arguments: 0..<3)
    func guestSeesItsOwnAPICIDAndTheCPUCount(index: Int) throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let entries = try CPUIDTemplate(vcpuCount: 3).entries(forVCPU: index, supported: system.supportedCPUID())
        let guest = try TinyGuest.longMode(Self.reportLeaf1EBX, system: system)
        try guest.vcpu.setCPUID(entries)
        let exit = try guest.run()
        guard case let .portOut(port, size, _, data) = exit else { Issue.record("expected out, got \(exit)"); return }
        #expect(port == 0x3F8 && size == 4)
        let ebx = data.loadUnaligned(as: UInt32.self)
        #expect(ebx >> 24 == UInt32(index), "initial APIC ID")
        #expect((ebx >> 16) & 0xFF == 3, "logical processor count")
        #expect((ebx >> 8) & 0xFF == 8, "CLFLUSH line size in 8-byte units")
    }
}
