#if canImport(Glibc)
import Glibc
#endif
import Testing
import VesselKVM
import VesselMemory

@Suite struct LongModeGuestTests {
    @Test func sixtyFourBitGuestWritesAndReadsQuadwordsThroughMMIOAndPorts() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let mmio = TinyGuest.longModeMMIOAddress
        let value: UInt64 = 0x1122_3344_5566_7788
        let code = X86.movRAX(value) + X86.storeRAX(to: mmio)
            + X86.loadRAX(from: mmio + 8)
            + X86.movDX64(0x3F8) + X86.outDXEAX + X86.shrRAX32 + X86.outDXEAX + X86.hlt
        let guest = try TinyGuest.longMode(code, system: system)

        let write = try guest.run()
        guard case let .mmioWrite(address, data) = write else { Issue.record("expected an MMIO write, got \(write)"); return }
        #expect(address == mmio)
        #expect(Array(data) == X86.le(value))

        let read = try guest.run()
        guard case let .mmioRead(readAddress, readData) = read else { Issue.record("expected an MMIO read, got \(read)"); return }
        #expect(readAddress == mmio + 8 && readData.count == 8)
        let supplied: UInt64 = 0xCAFE_F00D_DEAD_BEEF
        readData.copyBytes(from: X86.le(supplied))

        let low = try guest.run()
        guard case let .portOut(port, size, _, lowData) = low else { Issue.record("expected out, got \(low)"); return }
        #expect(port == 0x3F8 && size == 4)
        #expect(Array(lowData) == X86.le(UInt32(truncatingIfNeeded: supplied)))

        let high = try guest.run()
        guard case let .portOut(_, _, _, highData) = high else { Issue.record("expected out, got \(high)"); return }
        #expect(Array(highData) == X86.le(UInt32(truncatingIfNeeded: supplied >> 32)))

        let last = try guest.run()
        guard case .halt = last else { Issue.record("expected halt, got \(last)"); return }
        let registers = try guest.vcpu.registers()
        #expect(registers.rax == supplied >> 32)
        let special = try guest.vcpu.specialRegisters()
        #expect(special.efer & (1 << 10) != 0, "long mode must be active")
    }

    @Test func jumpToNonPresentMemoryTripleFaultsAsShutdown() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        // 2 GiB lies outside the identity map, and the IDT is empty: #PF, #DF, triple fault.
        let target: UInt64 = 0x8000_0000
        let guest = try TinyGuest.longMode(X86.movRAX(target) + X86.jmpRAX, system: system)
        let exit = try guest.run()
        guard case .shutdown = exit else { Issue.record("expected shutdown, got \(exit)"); return }
        #expect(exit.description == "KVM_EXIT_SHUTDOWN (triple fault)")
        #expect(try guest.vcpu.specialRegisters().cr2 == target)
    }

    @Test func int3WithEmptyIDTStopsTheGuest() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let guest = try TinyGuest.longMode(X86.int3 + X86.hlt, system: system)
        let exit = try guest.run()
        if access("/sys/module/kvm_pvm", F_OK) == 0 {
            // PVM runs the guest in hardware ring 3 and hands INT3 to KVM's emulator, which gives up on an
            // IDT with limit 0: KVM_EXIT_INTERNAL_ERROR / KVM_INTERNAL_ERROR_EMULATION, not a triple fault.
            guard case let .internalError(suberror) = exit else { Issue.record("expected internal error, got \(exit)"); return }
            #expect(suberror == 1)
            #expect(try guest.vcpu.registers().rip == TinyGuest.longModeCodeAddress)
        } else {
            guard case .shutdown = exit else { Issue.record("expected shutdown, got \(exit)"); return }
        }
    }
}
