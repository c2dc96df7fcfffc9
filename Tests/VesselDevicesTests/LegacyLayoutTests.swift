import Testing
import VesselDevices

/// The whole legacy port map a Vessel machine registers, wired the way the VMM will.
@Suite struct LegacyLayoutTests {
    let line = RecordingInterruptLine()

    func makeBus() throws -> IOBus {
        var builder = IOBusBuilder()
        try builder.register(Serial8250(interrupt: line, output: { _ in }),
                             base: Serial8250.com1Port, length: Serial8250.portCount)
        try builder.register(I8042Controller(keyboardInterrupt: line, reset: {}),
                             base: I8042Controller.basePort, length: I8042Controller.portCount)
        try builder.register(CMOSClock(), base: CMOSClock.basePort, length: CMOSClock.portCount)
        try builder.register(ACPIPowerDevice(powerOff: {}, reset: {}),
                             base: ACPIPowerDevice.basePort, length: ACPIPowerDevice.portCount)
        let quiet = DiscardingPortDevice()
        for range in QuietPortRange.minimalPC {
            try builder.register(quiet, base: range.base, length: range.length)
        }
        return builder.build()
    }

    @Test func registersWithoutOverlaps() throws {
        let bus = try makeBus()
        #expect(bus.ranges.count == 4 + QuietPortRange.minimalPC.count)
    }

    @Test func quietPortsLookAbsentToLinuxProbes() throws {
        let bus = try makeBus()
        #expect(bus.writeBytes(0x80, [0x55]))                           // outb_p delay
        // 8250 autoconfig on COM2: IER must read back 0 after writing 0; all-ones fails it.
        #expect(bus.writeBytes(0x2F9, [0x00]))
        #expect(bus.readBytes(0x2F9, count: 1) == [0xFF])
        // PCI type 1 probe: CONFIG_ADDRESS must read back 0x80000000; all-ones means no PCI.
        #expect(bus.writeBytes(0xCF8, [0x00, 0x00, 0x00, 0x80]))
        #expect(bus.readBytes(0xCF8, count: 4) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(bus.readBytes(0xCFC, count: 4) == [0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func i8042OffsetsBetweenDataAndStatusReadAllOnes() throws {
        let bus = try makeBus()
        // 0x61 belongs to KVM's in-kernel PIT speaker port and never exits; here it is all-ones.
        #expect(bus.readBytes(0x61, count: 1) == [0xFF])
        #expect(bus.readBytes(0x64, count: 1).map { $0[0] & 0x01 } == 0)
    }
}
