import Testing
import VesselDevices

@Suite struct ACPIPowerDeviceTests {
    let powerOffs = CallCounter()
    let resets = CallCounter()

    func makeBus() throws -> IOBus {
        let device = ACPIPowerDevice(powerOff: powerOffs.callback, reset: resets.callback)
        var builder = IOBusBuilder()
        try builder.register(device, base: ACPIPowerDevice.basePort, length: ACPIPowerDevice.portCount)
        return builder.build()
    }

    var powerOffCount: Int { powerOffs.count }
    var resetCount: Int { resets.count }

    func sleepControl(type: UInt8, enable: Bool) -> UInt8 {
        (type << 2) | (enable ? 0x20 : 0)
    }

    @Test func powersOffOnlyForS5WithSleepEnable() throws {
        let bus = try makeBus()
        bus.writeBytes(0x600, [sleepControl(type: 5, enable: false)])
        #expect(powerOffCount == 0)
        bus.writeBytes(0x600, [sleepControl(type: 3, enable: true)])
        #expect(powerOffCount == 0)
        bus.writeBytes(0x600, [sleepControl(type: 0, enable: true)])
        #expect(powerOffCount == 0)
        bus.writeBytes(0x600, [sleepControl(type: 5, enable: true)])
        #expect(powerOffCount == 1)
        #expect(resetCount == 0)
    }

    @Test func refusedSleepWakesAtOnceAndWakeStatusClearsOnWriteOne() throws {
        let bus = try makeBus()
        #expect(bus.readBytes(0x601, count: 1) == [0x00])
        bus.writeBytes(0x600, [sleepControl(type: 3, enable: true)])
        #expect(bus.readBytes(0x601, count: 1) == [0x80])   // WAK_STS: the guest's wait loop ends
        bus.writeBytes(0x601, [0x00])
        #expect(bus.readBytes(0x601, count: 1) == [0x80])
        bus.writeBytes(0x601, [0x80])
        #expect(bus.readBytes(0x601, count: 1) == [0x00])
    }

    @Test func resetsOnlyOnValueOne() throws {
        let bus = try makeBus()
        for value: UInt8 in [0x00, 0x02, 0x06, 0xFF, 0x81] { bus.writeBytes(0x602, [value]) }
        #expect(resetCount == 0)
        bus.writeBytes(0x602, [0x01])
        #expect(resetCount == 1)
        #expect(powerOffCount == 0)
    }

    @Test func coversExactlyThreePorts() throws {
        let bus = try makeBus()
        #expect(bus.readBytes(0x5FF, count: 1) == nil)
        #expect(bus.readBytes(0x603, count: 1) == nil)
        #expect(bus.readBytes(0x602, count: 1) != nil)
        #expect(!bus.writeBytes(0x602, [0x01, 0x00]))       // straddles the end
        #expect(resetCount == 0)
    }
}
