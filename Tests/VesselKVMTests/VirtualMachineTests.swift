#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM
import Testing
import VesselKVM
import VesselMemory

@Suite struct VirtualMachineTests {
    @Test func systemReportsAPIVersionAndLimits() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        #expect(system.apiVersion == 12)
        #expect(system.recommendedVCPUCount >= 1)
        #expect(system.maximumVCPUCount >= system.recommendedVCPUCount)
        #expect(system.vcpuMmapSize >= MemoryLayout<kvm_run>.size)
        #expect(system.checkExtension(KVM_CAP_USER_MEMORY) > 0)
        #expect(system.checkExtension(-12345) == 0)
    }

    @Test func irqchipPITAndInterruptLineWork() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        try machine.setTSSAddress(0xFFFB_D000)
        try machine.setIdentityMapAddress(0xFFFB_C000)
        try machine.createInterruptController()
        try machine.createPIT()
        try machine.setInterruptLine(4, high: true)
        try machine.setInterruptLine(4, high: false)
        // A second irqchip is refused: proves the first one exists.
        #expect(throws: KVMError.self) { try machine.createInterruptController() }
    }

    @Test func localInterruptsAreWiredAsExtINTAndNMI() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        try machine.createInterruptController()
        let vcpu = try machine.createVCPU(id: 0)
        try vcpu.configureLocalInterrupts()
        let state = try vcpu.localAPIC()
        let lint0 = try #require(VCPU.localAPICRegister(0x350, in: state))
        let lint1 = try #require(VCPU.localAPICRegister(0x360, in: state))
        #expect((lint0 >> 8) & 0x7 == 0b111)
        #expect((lint1 >> 8) & 0x7 == 0b100)
    }

    @Test func irqfdRegistersOnceAndUnregisters() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        try machine.createInterruptController()
        let eventFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        try #require(eventFD >= 0)
        defer { close(eventFD) }
        try machine.registerInterruptEventFD(eventFD, gsi: 5)
        // The same eventfd cannot be bound twice.
        #expect(throws: KVMError.ioctlFailed(operation: "KVM_IRQFD", errno: EBUSY)) {
            try machine.registerInterruptEventFD(eventFD, gsi: 5)
        }
        try machine.unregisterInterruptEventFD(eventFD, gsi: 5)
        try machine.registerInterruptEventFD(eventFD, gsi: 6)
    }

    @Test func ioeventfdAbsorbsTheGuestWriteAndSignalsTheEventFD() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let eventFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        try #require(eventFD >= 0)
        defer { close(eventFD) }
        // out 0x500 is registered (with datamatch 0x33), out 0x501 is not.
        let code = X86.movDX16(0x500) + X86.movAL(0x33) + X86.outDXAL
            + X86.movDX16(0x501) + X86.outDXAL + X86.hlt
        let guest = try TinyGuest.realMode(code, system: system)
        try guest.machine.registerIOEventFD(eventFD, address: 0x500, length: 1, isPortIO: true, datamatch: 0x33)
        try guest.machine.registerIOEventFD(eventFD, address: 0xD000_0000, length: 4, isPortIO: false)

        let exit = try guest.run()
        guard case let .portOut(port, _, _, data) = exit else { Issue.record("expected out, got \(exit)"); return }
        #expect(port == 0x501 && Array(data) == [0x33])
        var counter: UInt64 = 0
        let readBytes = read(eventFD, &counter, 8)
        #expect(readBytes == 8 && counter == 1)

        try guest.machine.unregisterIOEventFD(eventFD, address: 0x500, length: 1, isPortIO: true, datamatch: 0x33)
        try guest.machine.unregisterIOEventFD(eventFD, address: 0xD000_0000, length: 4, isPortIO: false)
        #expect(throws: KVMError.self) {
            try guest.machine.registerIOEventFD(eventFD, address: 0x500, length: 3, isPortIO: true)
        }
    }

    @Test func misalignedMemorySlotFailsWithTheIoctlName() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        let region = try GuestMemoryRegion(start: GuestAddress(0x1001), size: 0x1000)
        do {
            try machine.mapMemory(slot: 0, region: region)
            Issue.record("a slot at an unaligned guest address was accepted")
        } catch {
            #expect("\(error)" == "KVM_SET_USER_MEMORY_REGION failed: Invalid argument (errno 22)")
        }
    }

    @Test func bootMSRsAreSetAndReadBack() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        let vcpu = try machine.createVCPU(id: 0)
        try vcpu.setCPUID(try CPUIDTemplate(vcpuCount: 1).entries(forVCPU: 0, supported: system.supportedCPUID()))
        try vcpu.setBootMSRs()
        let indices = [ModelSpecificRegister.miscEnable, ModelSpecificRegister.mtrrDefaultType,
                       ModelSpecificRegister.longModeSyscallTarget, ModelSpecificRegister.sysenterCS]
        let values = try vcpu.msrs(indices)
        #expect(values[0] & ModelSpecificRegister.miscEnableFastStrings != 0)
        #expect(values[1] == ModelSpecificRegister.mtrrEnabledWriteBackDefault)
        #expect(values[2] == 0 && values[3] == 0)

        try vcpu.setMSRs([(index: ModelSpecificRegister.longModeSyscallTarget, value: 0xFFFF_FFFF_8100_0000)])
        #expect(try vcpu.msrs([ModelSpecificRegister.longModeSyscallTarget]) == [0xFFFF_FFFF_8100_0000])
    }

    @Test func defaultFPUStateIsWrittenAndReadBack() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        #expect(machine.checkExtension(KVM_CAP_MAX_VCPUS) >= 1)
        let vcpu = try machine.createVCPU(id: 0)
        var fpu = kvm_fpu()
        fpu.fcw = 0x27F
        fpu.mxcsr = 0x1F00
        try vcpu.setFPU(fpu)
        #expect(try vcpu.fpu().fcw == 0x27F)
        try vcpu.setDefaultFPU()
        let state = try vcpu.fpu()
        // Only the x87 control word is checked: on this PVM host KVM_GET_FPU reports MXCSR as 0
        // whatever KVM_SET_FPU wrote.
        #expect(state.fcw == 0x37F)
    }

    @Test func aRejectedMSRIsAnErrorNamingIt() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let machine = try system.createVirtualMachine()
        let vcpu = try machine.createVCPU(id: 0)
        let bogus: UInt32 = 0x4B56_FFFF
        #expect(throws: KVMError.msrsRejected(set: 1, requested: 2, rejected: bogus)) {
            try vcpu.setMSRs([(index: ModelSpecificRegister.sysenterCS, value: 0), (index: bogus, value: 1)])
        }
    }

    @Test func perVCPUCPUIDReachesEachVCPU() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let supported = try system.supportedCPUID()
        #expect(supported.contains { $0.function == 0x4000_0000 }, "KVM's hypervisor leaf is listed")
        let machine = try system.createVirtualMachine()
        try machine.createInterruptController()
        let template = try CPUIDTemplate(vcpuCount: 2)
        for index in 0..<2 {
            let vcpu = try machine.createVCPU(id: UInt32(index))
            try vcpu.setCPUID(try template.entries(forVCPU: index, supported: supported))
            let effective = try vcpu.cpuid()
            let leaf1 = try #require(effective.first { $0.function == 1 })
            #expect(leaf1.ebx >> 24 == UInt32(index))
            #expect((leaf1.ebx >> 16) & 0xFF == 2)
            #expect(leaf1.ecx & (1 << 31) != 0)
        }
    }
}
