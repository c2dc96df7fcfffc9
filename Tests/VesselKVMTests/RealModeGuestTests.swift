#if canImport(Glibc)
import Glibc
#endif
import Testing
import VesselKVM
import VesselMemory

@Suite struct RealModeGuestTests {
    @Test func outReportsPortSizeAndBytes() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let code = X86.movDX16(0x3F8) + X86.movAL(0x42) + X86.outDXAL
            + X86.movAX16(0x1234) + X86.outDXAX16 + X86.hlt
        let guest = try TinyGuest.realMode(code, system: system)

        let first = try guest.run()
        guard case let .portOut(port, size, count, data) = first else {
            Issue.record("expected a byte out, got \(first)"); return
        }
        #expect(port == 0x3F8 && size == 1 && count == 1)
        #expect(Array(data) == [0x42])

        let second = try guest.run()
        guard case let .portOut(port2, size2, count2, data2) = second else {
            Issue.record("expected a word out, got \(second)"); return
        }
        #expect(port2 == 0x3F8 && size2 == 2 && count2 == 1)
        #expect(Array(data2) == [0x34, 0x12])

        let third = try guest.run()
        guard case .halt = third else { Issue.record("expected halt, got \(third)"); return }
    }

    @Test func inDeliversTheSuppliedValueToTheGuest() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let code = X86.movDX16(0x61) + X86.inALDX + X86.incAL + X86.outDXAL + X86.hlt
        let guest = try TinyGuest.realMode(code, system: system)

        let first = try guest.run()
        guard case let .portIn(port, size, count, data) = first else {
            Issue.record("expected a byte in, got \(first)"); return
        }
        #expect(port == 0x61 && size == 1 && count == 1 && data.count == 1)
        data[0] = 0x5A

        let second = try guest.run()
        guard case let .portOut(outPort, _, _, written) = second else {
            Issue.record("expected the incremented byte out, got \(second)"); return
        }
        #expect(outPort == 0x61)
        #expect(Array(written) == [0x5B])

        let third = try guest.run()
        guard case .halt = third else { Issue.record("expected halt, got \(third)"); return }
        #expect(try guest.vcpu.registers().rax & 0xFF == 0x5B)
    }

    @Test func mmioReadAndWriteOutsideRAMExitWithAddressSizeAndData() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        // RAM is [0, 0x8000); 0x9000.. has no slot.
        let code = X86.loadAL(from: 0x9000) + X86.storeAL(to: 0x9010)
            + X86.movAX16(0xABCD) + X86.storeAX16(to: 0x9020) + X86.hlt
        let guest = try TinyGuest.realMode(code, memorySize: 0x8000, system: system)

        let read = try guest.run()
        guard case let .mmioRead(readAddress, readData) = read else {
            Issue.record("expected an MMIO read, got \(read)"); return
        }
        #expect(readAddress == 0x9000 && readData.count == 1)
        readData[0] = 0x77

        let write = try guest.run()
        guard case let .mmioWrite(writeAddress, writeData) = write else {
            Issue.record("expected an MMIO byte write, got \(write)"); return
        }
        #expect(writeAddress == 0x9010)
        #expect(Array(writeData) == [0x77])

        let wordWrite = try guest.run()
        guard case let .mmioWrite(wordAddress, wordData) = wordWrite else {
            Issue.record("expected an MMIO word write, got \(wordWrite)"); return
        }
        #expect(wordAddress == 0x9020)
        #expect(Array(wordData) == [0xCD, 0xAB])

        let last = try guest.run()
        guard case .halt = last else { Issue.record("expected halt, got \(last)"); return }
    }

    @Test func hltWithoutIrqchipIsReportedAsHalt() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let guest = try TinyGuest.realMode(X86.hlt, system: system)
        let exit = try guest.run()
        guard case .halt = exit else { Issue.record("expected halt, got \(exit)"); return }
        #expect(exit.description == "KVM_EXIT_HLT")
        #expect(try guest.vcpu.registers().rip == TinyGuest.realModeCodeAddress + 1)
    }

    // No real-mode triple-fault test: on PVM, real mode runs in KVM's instruction emulator, whose
    // real-mode INT ignores the IVT limit, so `lidt` with limit 0 plus `int3` jumps through a zero vector
    // instead of faulting. The long-mode tests cover `.shutdown`.

    @Test func immediateExitReturnsInterruptedBeforeTheGuestRuns() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let code = X86.movDX16(0x80) + X86.movAL(0x11) + X86.outDXAL + X86.hlt
        let guest = try TinyGuest.realMode(code, system: system)
        guest.vcpu.setImmediateExit(true)
        #expect(guest.vcpu.immediateExitFlag.pointee == 1)
        let kicked = try guest.vcpu.run()
        guard case .interrupted = kicked else { Issue.record("expected interrupted, got \(kicked)"); return }
        #expect(try guest.vcpu.registers().rip == TinyGuest.realModeCodeAddress)

        guest.vcpu.setImmediateExit(false)
        let exit = try guest.vcpu.run()
        guard case let .portOut(port, _, _, data) = exit else { Issue.record("expected out, got \(exit)"); return }
        #expect(port == 0x80 && Array(data) == [0x11])
    }
}
