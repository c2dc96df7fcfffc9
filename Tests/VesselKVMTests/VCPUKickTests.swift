#if canImport(Glibc)
import Glibc
#endif
import Testing
import VesselKVM

@Suite struct VCPUKickTests {
    @Test func kickFromAnotherThreadStopsASpinningGuest() throws {
        guard let system = KVMTestHost.openSystem() else { return }
        let spin: [UInt8] = [0xEB, 0xFE]  // jmp $
        let guest = try TinyGuest.realMode(spin, system: system)
        try VCPU.installKickSignalHandler(SIGUSR2)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        // The test runner's threads block SIGUSR2; a blocked kick never interrupts KVM_RUN.
        try VCPU.unblockKickSignalOnCurrentThread(SIGUSR2)
        let vcpuThread = pthread_self()
        let vcpu = guest.vcpu
        var kicker = pthread_t()
        let box = Unmanaged.passRetained(KickRequest(vcpu: vcpu, thread: vcpuThread)).toOpaque()
        let created = pthread_create(&kicker, nil, { argument in
            guard let argument else { return nil }
            let request = Unmanaged<KickRequest>.fromOpaque(argument).takeRetainedValue()
            usleep(50_000)
            try? request.vcpu.kick(thread: request.thread, signal: SIGUSR2)
            return nil
        }, box)
        try #require(created == 0)
        let exit = try guest.vcpu.run()
        pthread_join(kicker, nil)
        guard case .interrupted = exit else { Issue.record("expected interrupted, got \(exit)"); return }
        guest.vcpu.setImmediateExit(false)
        #expect(try guest.vcpu.registers().rip == TinyGuest.realModeCodeAddress)
    }
}
